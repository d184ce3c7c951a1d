//! What the user set of the formats' options ([`FormatOption`]), by key. Values are
//! checked against their option when set, so a reader never sees one its format
//! does not take; an option left at its default is not stored.

use std::collections::BTreeMap;

use super::importer::FormatOption;
use super::registry::Format;

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FormatSettings(BTreeMap<String, String>);

/// Nothing set: every option at its default.
static NONE: FormatSettings = FormatSettings(BTreeMap::new());

impl FormatSettings {
    /// Settings with nothing set.
    pub fn none() -> &'static FormatSettings {
        &NONE
    }

    /// Sets option `key` (of any format) to `value`; an unknown key or a value the
    /// option does not take is an error that names it.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let Some((_, option)) = option_by_key(key) else {
            let keys: Vec<&str> = all_options().map(|(_, o)| o.key).collect();
            return Err(format!(
                "unknown format option `{key}`; the options are: {}",
                keys.join(", ")
            ));
        };
        option.check(value)?;
        if value == option.default_value() {
            self.0.remove(key);
        } else {
            self.0.insert(key.to_owned(), value.to_owned());
        }
        Ok(())
    }

    /// Like [`Self::set`], for a chain of settings.
    pub fn with(mut self, key: &str, value: &str) -> Result<Self, String> {
        self.set(key, value)?;
        Ok(self)
    }

    /// The value of `option`: the one set, else its default.
    pub fn get(&self, option: &FormatOption) -> &str {
        self.0
            .get(option.key)
            .map_or(option.default_value(), String::as_str)
    }

    /// What is set, by key.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Every option of every format, in the order of the list of formats.
pub fn all_options() -> impl Iterator<Item = (Format, &'static FormatOption)> {
    Format::all().flat_map(|f| f.importer().options().iter().map(move |o| (f, o)))
}

/// The option `key` names, with its format.
pub fn option_by_key(key: &str) -> Option<(Format, &'static FormatOption)> {
    all_options().find(|(_, o)| o.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_keys_are_unique_and_prefixed_by_their_format() {
        let mut keys = Vec::new();
        for (format, option) in all_options() {
            assert!(
                option
                    .key
                    .starts_with(&format!("{}_", format.id().replace('-', "_"))),
                "{} of {}",
                option.key,
                format.id()
            );
            assert!(!option.choices.is_empty(), "{}", option.key);
            assert!(!keys.contains(&option.key), "{} twice", option.key);
            keys.push(option.key);
        }
        assert!(keys.contains(&"hlog_unit"));
    }

    #[test]
    fn values_are_checked_and_defaults_not_stored() {
        let mut s = FormatSettings::default();
        s.set("hlog_unit", "ms").unwrap();
        assert_eq!(s.iter().collect::<Vec<_>>(), [("hlog_unit", "ms")]);
        s.set("hlog_unit", "us").unwrap();
        assert!(s.is_empty(), "the default is not stored");
        let e = s.set("hlog_unit", "seconds").unwrap_err();
        assert_eq!(e, "hlog_unit `seconds`: expected one of us, ns, ms");
        let e = s.set("hlog_units", "ms").unwrap_err();
        assert!(e.starts_with("unknown format option `hlog_units`"), "{e}");
    }
}
