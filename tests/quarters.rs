//! Random standards and quarters for the property tests: a model of each,
//! built from a seed, and the text of its files in every form SPEC allows
//! (weights as fractions or percents; scores long or wide).
//!
//! Every quarter made here is valid: the properties compare outputs, so an
//! error would be a bug in this generator, and the tests say so.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A small, seeded random source (SplitMix64): the same seed, the same quarter.
#[derive(Debug, Clone)]
pub struct Dice(u64);

impl Dice {
    pub fn new(seed: u64) -> Dice {
        Dice(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number from `low` to `high`, both included.
    pub fn between(&mut self, low: u32, high: u32) -> u32 {
        low + (self.next() % u64::from(high - low + 1)) as u32
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.between(1, 100) <= percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next() as usize % items.len()]
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.next() as usize % (i + 1);
            items.swap(i, j);
        }
    }

    /// `count` positive weights in thousandths that sum to 1000: mostly
    /// whole percents, sometimes thousandths (`0.333`, or `33.3` percent).
    pub fn weights(&mut self, count: usize) -> Vec<u32> {
        let step = if self.chance(70) { 10 } else { 1 };
        let mut cuts: Vec<u32> = Vec::new();
        while cuts.len() + 1 < count {
            let cut = self.between(1, 1000 / step - 1) * step;
            if !cuts.contains(&cut) {
                cuts.push(cut);
            }
        }
        cuts.sort_unstable();
        cuts.push(1000);
        let mut last = 0;
        cuts.iter()
            .map(|&cut| {
                let share = cut - last;
                last = cut;
                share
            })
            .collect()
    }
}

pub const METHODS: [&str; 4] = ["exam", "ratings", "interview", "kpi"];
const ROLES: [&str; 4] = ["supervisor", "customer", "peer", "subordinate"];

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub weight: u32,
    /// The exam section's maximum points.
    pub exam: Option<u32>,
    pub ratings: bool,
    pub interview: bool,
    /// (direction is lower, cap in percent).
    pub kpi: Option<(bool, u32)>,
}

#[derive(Debug, Clone)]
pub struct Competency {
    pub id: String,
    pub weight: u32,
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone)]
pub struct Tier {
    pub id: String,
    pub min_composite: u32,
    /// (competency index, floor).
    pub min_competency: Option<(usize, u32)>,
    /// (method index, floor).
    pub min_method: Option<(usize, u32)>,
    pub min_tenure_years: Option<u32>,
    /// In percent.
    pub max_share: Option<u32>,
}

/// A standard, with every weight in thousandths.
#[derive(Debug, Clone)]
pub struct Standard {
    pub precision: u32,
    pub missing: &'static str,
    pub scale: (u32, u32),
    /// Thousandths per method of `METHODS`; 0 for a method not used.
    pub methods: [u32; 4],
    pub roles: Vec<(&'static str, u32)>,
    pub min_raters: u32,
    pub trim: u32,
    pub interview_trim: u32,
    pub competencies: Vec<Competency>,
    pub tiers: Vec<Tier>,
    pub tie_breakers: Vec<String>,
}

impl Standard {
    pub fn random(dice: &mut Dice, quotas: bool) -> Standard {
        // The methods in use, and their weights.
        let mut used: Vec<usize> = (0..4).filter(|_| dice.chance(70)).collect();
        if used.is_empty() {
            used.push(dice.between(0, 3) as usize);
        }
        let mut methods = [0; 4];
        for (&method, share) in used.iter().zip(dice.weights(used.len())) {
            methods[method] = share;
        }
        let role_count = dice.between(1, 4) as usize;
        let roles: Vec<(&'static str, u32)> = ROLES[..role_count]
            .iter()
            .copied()
            .zip(dice.weights(role_count))
            .collect();

        let competency_count = dice.between(1, 3) as usize;
        let mut competencies = Vec::new();
        let mut serial = 0;
        for (c, weight) in dice.weights(competency_count).into_iter().enumerate() {
            let count = dice.between(1, 3) as usize;
            let mut indicators = Vec::new();
            for weight in dice.weights(count) {
                serial += 1;
                let mut measured: Vec<usize> =
                    used.iter().copied().filter(|_| dice.chance(50)).collect();
                if measured.is_empty() {
                    measured.push(*dice.pick(&used));
                }
                indicators.push(indicator(dice, format!("ind-{serial}"), weight, &measured));
            }
            competencies.push(Competency {
                id: format!("comp-{}", c + 1),
                weight,
                indicators,
            });
        }
        // Every method in use measures something.
        for &method in &used {
            let all = competencies.iter().flat_map(|c| &c.indicators);
            if !all.clone().any(|i| measures(i, method)) {
                let first = &mut competencies[0].indicators[0];
                let mut measured: Vec<usize> = (0..4)
                    .filter(|&m| measures(first, m) || m == method)
                    .collect();
                measured.dedup();
                *first = indicator(dice, first.id.clone(), first.weight, &measured);
            }
        }

        let mut tiers = Vec::new();
        let mut floor = dice.between(55, 90);
        for (t, name) in ["top", "middle", "base"].iter().enumerate() {
            if t > 0 && !dice.chance(70) {
                break;
            }
            tiers.push(Tier {
                id: name.to_string(),
                min_composite: floor,
                min_competency: dice.chance(40).then(|| {
                    (
                        dice.between(0, competency_count as u32 - 1) as usize,
                        dice.between(40, 90),
                    )
                }),
                min_method: dice
                    .chance(30)
                    .then(|| (*dice.pick(&used), dice.between(40, 90))),
                min_tenure_years: dice.chance(20).then(|| dice.between(1, 5)),
                max_share: (quotas && dice.chance(50)).then(|| dice.between(1, 60)),
            });
            floor = floor.saturating_sub(dice.between(0, 20));
        }
        if tiers.is_empty() || dice.chance(20) {
            tiers.clear();
        }
        let mut tie_breakers = Vec::new();
        if dice.chance(50) {
            tie_breakers.push(METHODS[*dice.pick(&used)].to_string());
        }
        if dice.chance(30) {
            tie_breakers.push(competencies[0].id.clone());
        }
        Standard {
            precision: dice.between(0, 3),
            missing: ["incomplete", "reweight", "zero"][dice.between(0, 2) as usize],
            scale: *dice.pick(&[(1, 5), (0, 4), (1, 10)]),
            methods,
            roles,
            min_raters: dice.between(1, 2),
            trim: dice.between(0, 1),
            interview_trim: dice.between(0, 1),
            competencies,
            tiers,
            tie_breakers,
        }
    }

    pub fn has_quotas(&self) -> bool {
        self.tiers.iter().any(|t| t.max_share.is_some())
    }

    pub fn indicators(&self) -> impl Iterator<Item = &Indicator> {
        self.competencies.iter().flat_map(|c| &c.indicators)
    }

    /// The indicators a method measures, when the method is in use.
    pub fn measured_by(&self, method: usize) -> Vec<&Indicator> {
        if self.methods[method] == 0 {
            return Vec::new();
        }
        self.indicators().filter(|i| measures(i, method)).collect()
    }

    /// The standard's TOML, weights as fractions (`0.25`) or as percents (`25.0`).
    pub fn toml(&self, percents: bool) -> String {
        let weight = |thousandths: u32| {
            if percents {
                format!("{}.{}", thousandths / 10, thousandths % 10)
            } else {
                format!("{}.{:03}", thousandths / 1000, thousandths % 1000)
            }
        };
        let mut t = String::new();
        let _ = writeln!(
            t,
            "[standard]\nid = \"prop\"\nname = \"Property standard\"\nversion = \"1\"\nprecision = {}\nmissing = \"{}\"\n",
            self.precision, self.missing
        );
        let _ = writeln!(
            t,
            "[scale]\nmin = {}\nmax = {}\n",
            self.scale.0, self.scale.1
        );
        t.push_str("[methods]\n");
        for (method, &share) in METHODS.iter().zip(&self.methods) {
            if share > 0 {
                let _ = writeln!(t, "{method} = {}", weight(share));
            }
        }
        let roles: Vec<String> = self
            .roles
            .iter()
            .map(|(role, share)| format!("{role} = {}", weight(*share)))
            .collect();
        let _ = writeln!(
            t,
            "\n[ratings]\nroles = {{ {} }}\nmin_raters = {}\ntrim = {}\n",
            roles.join(", "),
            self.min_raters,
            self.trim
        );
        let _ = writeln!(t, "[interview]\ntrim = {}\n", self.interview_trim);
        if !self.tie_breakers.is_empty() {
            let quoted: Vec<String> = self
                .tie_breakers
                .iter()
                .map(|b| format!("\"{b}\""))
                .collect();
            let _ = writeln!(t, "[ranking]\ntie_breakers = [{}]\n", quoted.join(", "));
        }
        for competency in &self.competencies {
            let _ = writeln!(
                t,
                "[[competencies]]\nid = \"{}\"\nname = \"{}\"\nweight = {}\n",
                competency.id,
                competency.id,
                weight(competency.weight)
            );
            for i in &competency.indicators {
                let _ = writeln!(
                    t,
                    "[[competencies.indicators]]\nid = \"{}\"\nname = \"{}\"\nweight = {}",
                    i.id,
                    i.id,
                    weight(i.weight)
                );
                if let Some(points) = i.exam {
                    let _ = writeln!(t, "exam = {points}");
                }
                if i.ratings {
                    t.push_str("ratings = true\n");
                }
                if i.interview {
                    t.push_str("interview = true\n");
                }
                if let Some((lower, cap)) = i.kpi {
                    let direction = if lower { "lower" } else { "higher" };
                    let _ = writeln!(
                        t,
                        "kpi = {{ direction = \"{direction}\", cap = {}.{:02} }}",
                        cap / 100,
                        cap % 100
                    );
                }
                t.push('\n');
            }
        }
        for tier in &self.tiers {
            let _ = writeln!(
                t,
                "[[tiers]]\nid = \"{}\"\nname = \"{}\"\nmin_composite = {}",
                tier.id, tier.id, tier.min_composite
            );
            if let Some((c, floor)) = tier.min_competency {
                let _ = writeln!(
                    t,
                    "min_competency = {{ {} = {floor} }}",
                    self.competencies[c].id
                );
            }
            if let Some((m, floor)) = tier.min_method {
                let _ = writeln!(t, "min_method = {{ {} = {floor} }}", METHODS[m]);
            }
            if let Some(years) = tier.min_tenure_years {
                let _ = writeln!(t, "min_tenure_years = {years}");
            }
            if let Some(share) = tier.max_share {
                // A share, not a weight: always a fraction.
                let _ = writeln!(t, "max_share = {}.{:02}", share / 100, share % 100);
            }
            t.push('\n');
        }
        t
    }
}

fn measures(indicator: &Indicator, method: usize) -> bool {
    match method {
        0 => indicator.exam.is_some(),
        1 => indicator.ratings,
        2 => indicator.interview,
        _ => indicator.kpi.is_some(),
    }
}

fn indicator(dice: &mut Dice, id: String, weight: u32, methods: &[usize]) -> Indicator {
    Indicator {
        id,
        weight,
        exam: methods.contains(&0).then(|| dice.between(5, 60)),
        ratings: methods.contains(&1),
        interview: methods.contains(&2),
        kpi: methods
            .contains(&3)
            .then(|| (dice.chance(40), *dice.pick(&[100, 120, 150]))),
    }
}

#[derive(Debug, Clone)]
pub struct Manager {
    pub id: String,
    pub team: String,
    /// Tenure in tenths of a year.
    pub tenure_tenths: Option<u32>,
}

/// One score of a rater or interviewer (`role` empty for the interview).
#[derive(Debug, Clone)]
pub struct Given {
    pub manager: usize,
    pub rater: String,
    pub role: &'static str,
    pub indicator: String,
    /// In halves of a scale point.
    pub halves: u32,
}

#[derive(Debug, Clone)]
pub struct Kpi {
    pub manager: usize,
    pub indicator: String,
    /// Actual and target in tenths.
    pub actual: u32,
    pub target: u32,
}

/// A quarter's evidence for one standard.
#[derive(Debug, Clone)]
pub struct Quarter {
    pub managers: Vec<Manager>,
    /// Per manager with a sheet: points in halves per exam indicator (None: empty cell).
    pub exam: Vec<(usize, Vec<Option<u32>>)>,
    pub ratings: Vec<Given>,
    pub interview: Vec<Given>,
    pub kpi: Vec<Kpi>,
}

impl Quarter {
    pub fn random(dice: &mut Dice, standard: &Standard, managers: usize) -> Quarter {
        let managers: Vec<Manager> = (0..managers)
            .map(|m| Manager {
                id: format!("M{:03}", m + 1),
                team: dice.pick(&["north", "south"]).to_string(),
                tenure_tenths: dice.chance(90).then(|| dice.between(0, 80)),
            })
            .collect();
        let (low, high) = (standard.scale.0 * 2, standard.scale.1 * 2);
        // Managers differ, and so do raters: scores lean on both.
        let level: Vec<u32> = managers.iter().map(|_| dice.between(20, 100)).collect();
        let score = |dice: &mut Dice, m: usize| {
            let spread = high - low;
            let centre = low + spread * level[m] / 100;
            let jitter = dice.between(0, 4);
            (centre + jitter).saturating_sub(2).clamp(low, high)
        };

        let exam_indicators = standard.measured_by(0);
        let mut exam = Vec::new();
        for (m, &level) in level.iter().enumerate() {
            if !exam_indicators.is_empty() && dice.chance(92) {
                let points = exam_indicators
                    .iter()
                    .map(|i| {
                        let max = i.exam.unwrap_or(1) * 2;
                        dice.chance(95)
                            .then(|| (max * level / 100 + dice.between(0, 3)).min(max))
                    })
                    .collect();
                exam.push((m, points));
            }
        }

        let mut ratings = Vec::new();
        for (m, manager) in managers.iter().enumerate() {
            for (r, (role, _)) in standard.roles.iter().enumerate() {
                let raters = dice.between(1, 3);
                for k in 0..raters {
                    let rater = format!("{}-{}{}", manager.id, &role[..2], k as usize + r * 10);
                    for i in standard.measured_by(1) {
                        if dice.chance(93) {
                            ratings.push(Given {
                                manager: m,
                                rater: rater.clone(),
                                role,
                                indicator: i.id.clone(),
                                halves: score(dice, m),
                            });
                        }
                    }
                }
            }
        }

        let mut interview = Vec::new();
        for (m, manager) in managers.iter().enumerate() {
            let panel = dice.between(1, 3);
            for k in 0..panel {
                let interviewer = format!("IV{}{k}", &manager.id[1..]);
                for i in standard.measured_by(2) {
                    if dice.chance(93) {
                        interview.push(Given {
                            manager: m,
                            rater: interviewer.clone(),
                            role: "",
                            indicator: i.id.clone(),
                            halves: score(dice, m),
                        });
                    }
                }
            }
        }

        let mut kpi = Vec::new();
        for m in 0..managers.len() {
            for i in standard.measured_by(3) {
                if dice.chance(93) {
                    let target = dice.between(10, 1000);
                    let actual = target * dice.between(0, 150) / 100;
                    kpi.push(Kpi {
                        manager: m,
                        indicator: i.id.clone(),
                        actual,
                        target,
                    });
                }
            }
        }
        Quarter {
            managers,
            exam,
            ratings,
            interview,
            kpi,
        }
    }

    /// The files' text: `(file name, header, data rows)`; scores long or wide.
    pub fn files(
        &self,
        standard: &Standard,
        wide: bool,
    ) -> Vec<(&'static str, String, Vec<String>)> {
        let id = |m: usize| self.managers[m].id.as_str();
        let mut files = Vec::new();
        files.push((
            "roster.csv",
            "manager_id,name,team,tenure_years".to_string(),
            self.managers
                .iter()
                .map(|m| {
                    let tenure = m
                        .tenure_tenths
                        .map(|t| format!("{}.{}", t / 10, t % 10))
                        .unwrap_or_default();
                    format!("{},Name {},{},{tenure}", m.id, m.id, m.team)
                })
                .collect(),
        ));
        if standard.methods[0] > 0 {
            let columns: Vec<&str> = standard
                .measured_by(0)
                .iter()
                .map(|i| i.id.as_str())
                .collect();
            files.push((
                "exam.csv",
                format!("manager_id,{}", columns.join(",")),
                self.exam
                    .iter()
                    .map(|(m, points)| {
                        let cells: Vec<String> = points
                            .iter()
                            .map(|p| p.map(halves).unwrap_or_default())
                            .collect();
                        format!("{},{}", id(*m), cells.join(","))
                    })
                    .collect(),
            ));
        }
        for (method, name, rater_column, scores) in [
            (1, "ratings.csv", "rater_id,role", &self.ratings),
            (2, "interview.csv", "interviewer_id", &self.interview),
        ] {
            if standard.methods[method] == 0 {
                continue;
            }
            let role = |g: &Given| {
                if method == 1 {
                    format!(",{}", g.role)
                } else {
                    String::new()
                }
            };
            if wide {
                let columns: Vec<&str> = standard
                    .measured_by(method)
                    .iter()
                    .map(|i| i.id.as_str())
                    .collect();
                let mut sheets: Vec<(String, Vec<String>)> = Vec::new();
                for g in scores {
                    let key = format!("{},{}{}", id(g.manager), g.rater, role(g));
                    let at = match sheets.iter().position(|(k, _)| *k == key) {
                        Some(at) => at,
                        None => {
                            sheets.push((key, vec![String::new(); columns.len()]));
                            sheets.len() - 1
                        }
                    };
                    let column = columns.iter().position(|c| *c == g.indicator).unwrap_or(0);
                    sheets[at].1[column] = halves(g.halves);
                }
                files.push((
                    name,
                    format!("manager_id,{rater_column},{}", columns.join(",")),
                    sheets
                        .into_iter()
                        .map(|(key, cells)| format!("{key},{}", cells.join(",")))
                        .collect(),
                ));
            } else {
                files.push((
                    name,
                    format!("manager_id,{rater_column},indicator,score"),
                    scores
                        .iter()
                        .map(|g| {
                            format!(
                                "{},{}{},{},{}",
                                id(g.manager),
                                g.rater,
                                role(g),
                                g.indicator,
                                halves(g.halves)
                            )
                        })
                        .collect(),
                ));
            }
        }
        if standard.methods[3] > 0 {
            files.push((
                "kpi.csv",
                "manager_id,indicator,actual,target".to_string(),
                self.kpi
                    .iter()
                    .map(|k| {
                        format!(
                            "{},{},{}.{},{}.{}",
                            id(k.manager),
                            k.indicator,
                            k.actual / 10,
                            k.actual % 10,
                            k.target / 10,
                            k.target % 10
                        )
                    })
                    .collect(),
            ));
        }
        files
    }
}

/// A number of halves as text: `7` → `3.5`, `8` → `4`.
fn halves(count: u32) -> String {
    if count.is_multiple_of(2) {
        (count / 2).to_string()
    } else {
        format!("{}.5", count / 2)
    }
}

/// A fresh folder under the test target's scratch space, removed when
/// dropped unless a test failed (to look at what it held).
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let id = NEXT.fetch_add(1, Ordering::SeqCst);
        let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("properties")
            .join(format!("{name}-{}-{id}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("create a scratch folder");
        Scratch(root)
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// Writes a standard and a quarter's files into `dir` (the quarter in `dir/q`).
pub fn write(dir: &Path, toml: &str, files: &[(&str, String, Vec<String>)]) {
    std::fs::create_dir_all(dir.join("q")).expect("create the quarter folder");
    std::fs::write(dir.join("standard.toml"), toml).expect("write the standard");
    for (name, header, rows) in files {
        let mut text = format!("{header}\n");
        for row in rows {
            text.push_str(row);
            text.push('\n');
        }
        std::fs::write(dir.join("q").join(name), text).expect("write a quarter file");
    }
}
