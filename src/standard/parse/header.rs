//! `[standard]`: the standard's id, name, version, precision and policy for
//! missing evidence.

use toml::de::DeTable;

use super::Reader;
use crate::standard::model::MissingPolicy;

/// What `[standard]` says about the standard itself.
pub(super) struct Header {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) version: String,
    pub(super) precision: u32,
    pub(super) missing: MissingPolicy,
}

impl Reader<'_> {
    pub(super) fn header(&mut self, root: &DeTable) -> Option<Header> {
        let Some((span, value)) = self.entry(root, "standard") else {
            self.file_error("the standard has no [standard] table (id, name, version)");
            return None;
        };
        let table = self.table(value, &span, "[standard]")?;
        self.known_keys(
            table,
            &["id", "name", "version", "precision", "missing"],
            "[standard]",
        );
        let id = match self.string(table, "id", "[standard]") {
            Some((id, span)) => {
                if id.trim().is_empty() {
                    self.error(&span, "`id` in [standard] is empty");
                }
                id
            }
            None => {
                if table.get("id").is_none() {
                    self.error(&span, "[standard] has no `id`");
                }
                String::new()
            }
        };
        let name = self
            .string(table, "name", "[standard]")
            .map_or(String::new(), |(n, _)| n);
        let version = self
            .string(table, "version", "[standard]")
            .map_or(String::new(), |(v, _)| v);
        let precision = self.precision(table);
        let missing = self.missing_policy(table);
        Some(Header {
            id,
            name,
            version,
            precision,
            missing,
        })
    }

    /// `precision`: decimals of the scores shown, 0 to 6; 2 when left out or wrong.
    fn precision(&mut self, table: &DeTable) -> u32 {
        let Some((span, value)) = self.entry(table, "precision") else {
            return 2;
        };
        match self.whole_value(value, &span, "`precision` in [standard]", 0) {
            Some(p) if p <= 6 => p,
            Some(p) => {
                self.error(
                    &span,
                    format!("`precision` is {p}; it must be a whole number from 0 to 6"),
                );
                2
            }
            None => 2,
        }
    }

    fn missing_policy(&mut self, table: &DeTable) -> MissingPolicy {
        let Some((text, span)) = self.string(table, "missing", "[standard]") else {
            return MissingPolicy::Incomplete;
        };
        match text.as_str() {
            "incomplete" => MissingPolicy::Incomplete,
            "reweight" => MissingPolicy::Reweight,
            "zero" => MissingPolicy::Zero,
            other => {
                self.error(
                    &span,
                    format!("`missing` is `{other}`; it must be \"incomplete\", \"reweight\" or \"zero\""),
                );
                MissingPolicy::Incomplete
            }
        }
    }
}
