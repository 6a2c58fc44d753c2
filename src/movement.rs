//! Quarter over quarter (issue 8): `grade --previous LAST.csv` reads a
//! previous quarter's `ladder grade` export (CSV or JSON) and says, per
//! manager, the previous tier and rank, the move and the composite's change,
//! and who has left.

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Location, Problems};
use crate::evidence::Roster;
use crate::grade::{Cap, Grade, Placement, Status};
use crate::number::{parse_number, round_score};
use crate::standard::Standard;

/// A manager as the previous export shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct Previous {
    /// The tier id; `None` when the manager was incomplete.
    pub tier: Option<String>,
    pub rank: Option<u32>,
    pub composite: Option<f64>,
}

/// A previous quarter's export: its managers by id, in its order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PreviousQuarter {
    pub managers: Vec<(String, Previous)>,
}

/// How a manager moved since the previous quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
    Same,
    /// Not in the previous quarter.
    New,
}

impl Move {
    pub fn id(self) -> &'static str {
        match self {
            Move::Up => "up",
            Move::Down => "down",
            Move::Same => "same",
            Move::New => "new",
        }
    }
}

/// A manager's movement, as the ranking's extra columns show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Movement {
    pub previous: Option<Previous>,
    /// `None` when the previous tier is no tier of this standard.
    pub moved: Option<Move>,
    /// The composite now minus then, rounded as scores are.
    pub composite_change: Option<f64>,
}

/// Reads a previous `ladder grade` export: CSV (`manager_id`, `tier`,
/// `rank`, `composite` columns) or JSON (its `managers` array).
pub fn read_previous(path: &Path) -> Result<PreviousQuarter, Problems> {
    let label = path.display().to_string();
    let problem = |line: Option<u64>, message: String| {
        let location = match line {
            Some(line) => Location::line(&label, line),
            None => Location::file(&label),
        };
        Problems::new(vec![Diagnostic::new(location, message)])
    };
    let text = std::fs::read_to_string(path).map_err(|error| {
        let message = if error.kind() == std::io::ErrorKind::NotFound {
            "file not found".to_string()
        } else {
            format!("cannot read the previous quarter: {error}")
        };
        problem(None, message)
    })?;
    let text = text.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with('{') {
        let quarter = read_json(text).map_err(|messages| {
            let diagnostics = messages
                .into_iter()
                .map(|message| Diagnostic::new(Location::file(&label), message))
                .collect();
            Problems::new(diagnostics)
        })?;
        let ids = check_ids(&quarter.managers);
        if !ids.is_empty() {
            let diagnostics = ids
                .into_iter()
                .map(|problem| {
                    let message = match problem {
                        IdProblem::Missing(index) => {
                            format!("manager {} has no manager_id", index + 1)
                        }
                        IdProblem::Twice(index, first) => format!(
                            "manager `{}` is in the export twice (managers {} and {})",
                            quarter.managers[index].0,
                            first + 1,
                            index + 1
                        ),
                    };
                    Diagnostic::new(Location::file(&label), message)
                })
                .collect();
            return Err(Problems::new(diagnostics));
        }
        return Ok(quarter);
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|error| problem(Some(1), format!("not a ladder export: {error}")))?
        .iter()
        .map(|name| name.trim().to_string())
        .collect();
    let column = |name: &str| {
        header.iter().position(|h| h == name).ok_or_else(|| {
            problem(
                Some(1),
                format!("not a ladder export: the header has no `{name}` column"),
            )
        })
    };
    let (id, tier, rank, composite) = (
        column("manager_id")?,
        column("tier")?,
        column("rank")?,
        column("composite")?,
    );
    let mut quarter = PreviousQuarter::default();
    let mut lines = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index as u64 + 2;
        let record =
            record.map_err(|error| problem(Some(line), format!("malformed CSV: {error}")))?;
        let line = record.position().map_or(line, csv::Position::line);
        lines.push(line);
        let cell = |column: usize| record.get(column).unwrap_or("").trim();
        let number = |column: usize| -> Result<Option<f64>, Problems> {
            match cell(column) {
                "" => Ok(None),
                text => parse_number(text)
                    .map(Some)
                    .ok_or_else(|| problem(Some(line), format!("`{text}` is not a number"))),
            }
        };
        let rank = number(rank)?.map(|r| r as u32);
        quarter.managers.push((
            cell(id).to_string(),
            Previous {
                tier: Some(cell(tier))
                    .filter(|t| !t.is_empty())
                    .map(str::to_string),
                rank,
                composite: number(composite)?,
            },
        ));
    }
    let ids = check_ids(&quarter.managers);
    if !ids.is_empty() {
        let diagnostics = ids
            .into_iter()
            .map(|problem| match problem {
                IdProblem::Missing(index) => Diagnostic::new(
                    Location::line(&label, lines[index]),
                    "the row has no manager_id".to_string(),
                ),
                IdProblem::Twice(index, first) => Diagnostic::new(
                    Location::line(&label, lines[index]),
                    format!(
                        "manager `{}` is in the export twice (first on line {})",
                        quarter.managers[index].0, lines[first]
                    ),
                ),
            })
            .collect();
        return Err(Problems::new(diagnostics));
    }
    Ok(quarter)
}

/// What makes an export ambiguous about a manager: an entry without an id,
/// or an id a second time (with the index of the first).
enum IdProblem {
    Missing(usize),
    Twice(usize, usize),
}

/// An export that names a manager twice, or a manager without an id, cannot
/// say where anyone was.
fn check_ids(managers: &[(String, Previous)]) -> Vec<IdProblem> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut problems = Vec::new();
    for (index, (id, _)) in managers.iter().enumerate() {
        if id.is_empty() {
            problems.push(IdProblem::Missing(index));
        } else if let Some(&before) = first.get(id.as_str()) {
            problems.push(IdProblem::Twice(index, before));
        } else {
            first.insert(id, index);
        }
    }
    problems
}

fn read_json(text: &str) -> Result<PreviousQuarter, Vec<String>> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|error| vec![format!("not a ladder JSON export: {error}")])?;
    let managers = value["managers"]
        .as_array()
        .ok_or_else(|| vec!["not a ladder JSON export: it has no `managers` array".to_string()])?;
    let mut problems = Vec::new();
    let mut quarter = PreviousQuarter::default();
    for (index, manager) in managers.iter().enumerate() {
        let mut field = |key: &str, read: &dyn Fn(&serde_json::Value) -> bool| {
            let value = &manager[key];
            if !value.is_null() && !read(value) {
                problems.push(format!(
                    "manager {}: `{key}` is {value}, not {}",
                    index + 1,
                    if key == "tier" || key == "manager_id" {
                        "text"
                    } else {
                        "a number"
                    }
                ));
            }
        };
        let number = |value: &serde_json::Value| {
            value
                .as_f64()
                .or_else(|| value.as_str().and_then(parse_number))
        };
        field("manager_id", &|value| value.is_string());
        field("tier", &|value| value.is_string());
        field("rank", &|value| number(value).is_some());
        field("composite", &|value| number(value).is_some());
        quarter.managers.push((
            manager["manager_id"]
                .as_str()
                .unwrap_or_default()
                .trim()
                .to_string(),
            Previous {
                tier: manager["tier"]
                    .as_str()
                    .filter(|t| !t.is_empty())
                    .map(str::to_string),
                rank: number(&manager["rank"]).map(|r| r as u32),
                composite: number(&manager["composite"]),
            },
        ));
    }
    if problems.is_empty() {
        Ok(quarter)
    } else {
        Err(problems)
    }
}

/// Where a tier stands, top 0; `none`, then incomplete, below every tier.
/// The tier is its id, or its name (an export written with `--labels
/// names`). `None` for a tier this standard does not have.
fn standing(standard: &Standard, tier: Option<&str>) -> Option<usize> {
    match tier {
        None => Some(standard.tiers.len() + 1),
        Some("none") => Some(standard.tiers.len()),
        Some(label) => standard
            .tiers
            .iter()
            .position(|t| t.id == label)
            .or_else(|| standard.tiers.iter().position(|t| t.name == label)),
    }
}

impl PreviousQuarter {
    fn by_id(&self) -> HashMap<&str, &Previous> {
        self.managers
            .iter()
            .map(|(id, p)| (id.as_str(), p))
            .collect()
    }

    /// Every manager's movement, by roster index.
    pub fn movements(
        &self,
        standard: &Standard,
        roster: &Roster,
        grades: &[Grade],
    ) -> Vec<Movement> {
        let by_id = self.by_id();
        let mut movements = vec![
            Movement {
                previous: None,
                moved: None,
                composite_change: None,
            };
            roster.managers.len()
        ];
        for grade in grades {
            let previous = by_id
                .get(roster.managers[grade.manager].id.as_str())
                .copied();
            let now_tier = match grade.placement {
                Some(Placement::Tier(index)) => Some(standard.tiers[index].id.as_str()),
                Some(Placement::None) => Some("none"),
                None => None,
            };
            let composite = grade
                .scores
                .composite
                .filter(|_| grade.status == Status::Graded);
            movements[grade.manager] = match previous {
                None => Movement {
                    previous: None,
                    moved: Some(Move::New),
                    composite_change: None,
                },
                Some(previous) => {
                    let then = standing(standard, previous.tier.as_deref());
                    let now = standing(standard, now_tier);
                    let moved = then.zip(now).map(|(then, now)| match now.cmp(&then) {
                        std::cmp::Ordering::Less => Move::Up,
                        std::cmp::Ordering::Greater => Move::Down,
                        std::cmp::Ordering::Equal => Move::Same,
                    });
                    let composite_change = composite
                        .zip(previous.composite)
                        .map(|(now, then)| round_score(now - then, standard.precision));
                    Movement {
                        previous: Some(previous.clone()),
                        moved,
                        composite_change,
                    }
                }
            };
        }
        movements
    }

    /// Every manager's cap under `[movement] max_step_up`, by roster index:
    /// that many tiers above the previous tier, `none` and incomplete both
    /// counting as one step below the lowest tier. A manager new this
    /// quarter, or whose previous tier this standard does not have, has none.
    pub fn caps(&self, standard: &Standard, roster: &Roster) -> Vec<Option<Cap>> {
        let Some(step) = standard.max_step_up else {
            return Vec::new();
        };
        let by_id = self.by_id();
        roster
            .managers
            .iter()
            .map(|manager| {
                let previous = by_id.get(manager.id.as_str())?;
                let then = standing(standard, previous.tier.as_deref())?.min(standard.tiers.len());
                // A cap at the top tier, or above it, holds nobody back.
                let tier = then.checked_sub(step as usize).filter(|&tier| tier > 0)?;
                Some(Cap {
                    tier,
                    was: previous
                        .tier
                        .clone()
                        .unwrap_or_else(|| "incomplete".to_string()),
                })
            })
            .collect()
    }

    /// The managers of the previous quarter not in this roster.
    pub fn left<'a>(&'a self, roster: &Roster) -> Vec<&'a str> {
        self.managers
            .iter()
            .map(|(id, _)| id.as_str())
            .filter(|id| roster.position(id).is_none())
            .collect()
    }
}
