//! The rules of SPEC §4–§7 on checked evidence: [`score`] computes every
//! indicator, method, competency and composite score; [`grade`] ranks the
//! managers and places them in tiers under the quotas; [`self_view`] and
//! [`reliability`] are the measures beside the grade (self against others,
//! the raters' agreement); [`tiers`] checks a manager against every tier.

pub mod grade;
pub mod reliability;
pub mod score;
pub mod self_view;
pub mod tiers;
