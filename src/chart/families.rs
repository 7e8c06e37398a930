//! Unit families: which units may share one axis. 800名 and 2861人次 can stand side by side;
//! 800名 and 5.65亿元 never can. The built-in tables are `units.tsv` and `families.tsv`;
//! site.yaml's `extend.chart_units` adds to them.

use std::collections::BTreeMap;

use crate::config::Extensions;

const UNITS_TSV: &str = include_str!("units.tsv");
const FAMILIES_TSV: &str = include_str!("families.tsv");

/// Where a unit belongs: its family and what one of it is worth in the family's base unit
/// (万元 is 10,000 元).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitPlace {
    /// Family id: a `families.tsv` id, a site.yaml family, or `unit:<unit>` for an unknown unit.
    pub family: String,
    /// Value of one unit in the family's base unit.
    pub factor: f64,
}

/// What a family is called on a chart, and the unit its axis counts in.
#[derive(Debug, Clone, PartialEq)]
pub struct Family {
    /// As in [`UnitPlace::family`].
    pub id: String,
    /// What the chart is called: 人数, 金额 ….
    pub name: String,
    /// The unit the axis counts in: 人, 元 ….
    pub base_unit: String,
}

/// The unit and family tables.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitFamilies {
    units: BTreeMap<String, UnitPlace>,
    families: BTreeMap<String, Family>,
}

impl Default for UnitFamilies {
    fn default() -> Self {
        let mut units = BTreeMap::new();
        for cols in tsv_rows(UNITS_TSV) {
            if let [unit, family, factor, ..] = cols.as_slice() {
                let factor = factor.parse().unwrap_or(1.0);
                units.insert(
                    unit.to_string(),
                    UnitPlace {
                        family: family.to_string(),
                        factor,
                    },
                );
            }
        }
        let mut families = BTreeMap::new();
        for cols in tsv_rows(FAMILIES_TSV) {
            if let [id, name, base_unit, ..] = cols.as_slice() {
                let family = Family {
                    id: id.to_string(),
                    name: name.to_string(),
                    base_unit: base_unit.to_string(),
                };
                families.insert(id.to_string(), family);
            }
        }
        UnitFamilies { units, families }
    }
}

impl UnitFamilies {
    /// The built-in tables with site.yaml's `extend.chart_units` (unit → family) merged over
    /// them. A family named there that the tables do not know is a new family whose axis counts
    /// in the first unit (by sort order) assigned to it.
    pub fn with_extensions(ext: &Extensions) -> Self {
        let mut tables = UnitFamilies::default();
        for (unit, family) in &ext.chart_units {
            tables.units.insert(
                unit.clone(),
                UnitPlace {
                    family: family.clone(),
                    factor: 1.0,
                },
            );
            tables.families.entry(family.clone()).or_insert_with(|| Family {
                id: family.clone(),
                name: family.clone(),
                base_unit: unit.clone(),
            });
        }
        tables
    }

    /// The family of a unit. A unit the tables do not know is a family of its own: it is safer
    /// to draw two charts than to put 剂 and 人 on one axis.
    pub fn place(&self, unit: &str) -> UnitPlace {
        let unit = unit.trim();
        self.units.get(unit).cloned().unwrap_or_else(|| UnitPlace {
            family: format!("unit:{unit}"),
            factor: 1.0,
        })
    }

    /// The family with the given id (as returned in [`UnitPlace::family`]).
    pub fn family(&self, id: &str) -> Family {
        if let Some(f) = self.families.get(id) {
            return f.clone();
        }
        let unit = id.strip_prefix("unit:").unwrap_or(id);
        let name = if unit.is_empty() {
            "数量".to_string()
        } else {
            format!("数量（{unit}）")
        };
        Family {
            id: id.to_string(),
            name,
            base_unit: unit.to_string(),
        }
    }
}

/// Data rows of a tab-separated table: `#` lines are comments, blank lines are skipped.
pub fn tsv_rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_fall_into_families() {
        let t = UnitFamilies::default();
        for (unit, family, factor) in [
            ("人", "people", 1.0),
            ("名", "people", 1.0),
            ("人次", "people", 1.0),
            ("元", "money", 1.0),
            ("万元", "money", 1e4),
            ("亿元", "money", 1e8),
            ("例", "cases", 1.0),
            ("%", "percent", 1.0),
            ("个百分点", "points", 1.0),
            ("剂次", "doses", 1.0),
            ("光年", "unit:光年", 1.0),
        ] {
            assert_eq!(
                t.place(unit),
                UnitPlace {
                    family: family.into(),
                    factor
                },
                "{unit}"
            );
        }
        assert_ne!(t.place("元").family, t.place("人").family);
        assert_eq!(t.family("people").base_unit, "人");
        assert_eq!(t.family("unit:光年").base_unit, "光年");
    }

    #[test]
    fn site_yaml_adds_units() {
        let mut ext = Extensions::default();
        ext.chart_units.insert("针".into(), "doses".into());
        ext.chart_units.insert("床".into(), "beds".into());
        let t = UnitFamilies::with_extensions(&ext);
        assert_eq!(t.place("针").family, "doses");
        assert_eq!(t.place("床").family, "beds");
        assert_eq!(t.family("beds").base_unit, "床");
        assert_eq!(UnitFamilies::default().place("床").family, "unit:床");
    }
}
