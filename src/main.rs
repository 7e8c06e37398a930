//! The command line. Each subcommand calls one library function.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// jianbao (简报): turn a folder of raw Chinese news articles into a static HTML digest.
#[derive(Parser)]
#[command(version, about, long_about = None, after_help = "Exit codes: 0 success, 1 build error, 2 usage or configuration error.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site: read content/ and site.yaml, write output/.
    #[command(after_help = "Example:\n  jianbao build\n  jianbao build --config mysite/site.yaml --output /tmp/site")]
    Build {
        /// Path of the site configuration.
        #[arg(long, default_value = "site.yaml")]
        config: PathBuf,
        /// Write the site here instead of the configured output_dir.
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { config, output } => {
            let opts = jianbao::pipeline::BuildOptions { config, output };
            match jianbao::pipeline::build(&opts) {
                Ok(report) => {
                    for w in &report.warnings {
                        eprintln!("warning: {w}");
                    }
                    println!(
                        "built {} articles, {} figures, {} pages into {} in {:.2}s ({} warnings)",
                        report.articles,
                        report.figures,
                        report.pages,
                        report.output.display(),
                        report.seconds,
                        report.warnings.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    let config_error = e.downcast_ref::<jianbao::config::ConfigError>().is_some();
                    ExitCode::from(if config_error { 2 } else { 1 })
                }
            }
        }
    }
}
