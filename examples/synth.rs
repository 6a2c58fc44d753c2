//! A seeded generator of one quarter's evidence for a competency standard.
//!
//! ```text
//! cargo run --release --example synth -- \
//!     --standard standards/group-account-manager.toml \
//!     --managers 120 --seed 2026 --out examples/2026Q3
//! ```
//!
//! It writes `roster.csv`, `exam.csv`, `ratings.csv` (long form),
//! `interview.csv` (long form) and `kpi.csv` into the output folder, for the
//! methods the standard uses, shaped by the standard's own indicators, roles
//! and scale. The data are invented but behave like a real quarter: each
//! manager has a latent ability, teams differ, raters are lenient or strict,
//! self-ratings run high, and a few managers lack evidence on purpose so that
//! the `incomplete` path is exercised.
//!
//! Another quarter of the same branch takes the organisation of the first
//! (`--organisation-seed`) with its own seed, moves every manager's ability
//! (`--drift`) and changes the roster a little (`--later-joiners`,
//! `--leavers`):
//!
//! ```text
//! cargo run --release --example synth -- \
//!     --standard standards/group-account-manager.toml \
//!     --managers 120 --seed 2025 --organisation-seed 2026 --drift -0.3 \
//!     --later-joiners 4 --leavers 5 --out examples/2026Q2
//! ```
//!
//! Everything is written as it is generated, so 100,000 managers (some ten
//! million rating rows) need only the roster in memory. The same seed and
//! size always give the same bytes: the only randomness is the seeded PRNG
//! below, and every manager draws from a stream of its own.

use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ladder::standard::{self, KpiDirection, Method, Standard};

const USAGE: &str = "\
usage: synth --standard FILE --out DIR [options]

Generates one quarter's evidence (roster, exam, ratings, interview, kpi CSVs)
for the competency standard in FILE, deterministically from a seed.

options:
  --standard FILE            the competency standard (TOML)        (required)
  --out DIR                  folder to write the CSV files into    (required)
  --managers N               number of managers                    (default 120)
  --seed S                   seed of the generator                 (default 2026)
  --raters-per-manager N     raters per manager, self not counted  (default 5-8 at random)
  --teams N                  number of teams                       (default about 18 managers a team, at least 6)
  --organisation-seed S      seed of the teams and managers (ids, names, tenure, ability) and of
                             the raters' leniency: another quarter of the same branch takes the
                             seed of the first                     (default the seed)
  --drift D                  every manager's ability moves by D sd this quarter, each by D plus
                             0.3 sd at random (negative: an earlier, weaker quarter)
                                                                   (default no move)
  --later-joiners N          leave out the N managers of the organisation with the least tenure:
                             they join after this quarter          (default 0)
  --leavers N                add N managers who are not in the organisation: they leave after
                             this quarter                          (default 0)
  -h, --help                 print this message";

fn main() -> ExitCode {
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("synth: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let label = options.standard.display().to_string();
    let source = match fs::read_to_string(&options.standard) {
        Ok(source) => source,
        Err(error) => {
            eprintln!("{label}: cannot read the standard: {error}");
            return ExitCode::from(1);
        }
    };
    let standard = match standard::parse(&source, &label) {
        Ok(standard) => standard,
        Err(problems) => {
            eprintln!("{problems}");
            return ExitCode::from(1);
        }
    };
    match generate(&standard, &options) {
        Ok(summary) => {
            eprintln!("{summary}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("synth: writing {}: {error}", options.out.display());
            ExitCode::from(1)
        }
    }
}

// ---------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------

struct Options {
    standard: PathBuf,
    out: PathBuf,
    managers: usize,
    seed: u64,
    raters_per_manager: Option<usize>,
    teams: Option<usize>,
    organisation_seed: Option<u64>,
    drift: Option<f64>,
    later_joiners: usize,
    leavers: usize,
}

impl Options {
    /// `Ok(None)` asks for the usage message.
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
        let mut standard = None;
        let mut out = None;
        let mut managers = 120;
        let mut seed = 2026;
        let mut raters_per_manager = None;
        let mut teams = None;
        let mut organisation_seed = None;
        let mut drift = None;
        let mut later_joiners = 0;
        let mut leavers = 0;
        while let Some(arg) = args.next() {
            if arg == "-h" || arg == "--help" {
                return Ok(None);
            }
            // Both `--flag value` and `--flag=value`, as most CLIs accept.
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => {
                    (flag.to_string(), Some(value.to_string()))
                }
                _ => (arg.clone(), None),
            };
            let mut value = || {
                inline
                    .clone()
                    .or_else(|| args.next())
                    .ok_or_else(|| format!("{flag} needs a value"))
            };
            match flag.as_str() {
                "--standard" => standard = Some(PathBuf::from(value()?)),
                "--out" => out = Some(PathBuf::from(value()?)),
                "--managers" => managers = positive(&flag, &value()?)?,
                "--seed" => {
                    let text = value()?;
                    seed = text
                        .parse()
                        .map_err(|_| format!("--seed takes a whole number ≥ 0, not `{text}`"))?;
                }
                "--raters-per-manager" => {
                    raters_per_manager = Some(positive(&flag, &value()?)?);
                }
                "--teams" => teams = Some(positive(&flag, &value()?)?),
                "--organisation-seed" => {
                    let text = value()?;
                    organisation_seed = Some(text.parse().map_err(|_| {
                        format!("--organisation-seed takes a whole number ≥ 0, not `{text}`")
                    })?);
                }
                "--drift" => {
                    let text = value()?;
                    drift = Some(
                        text.parse::<f64>()
                            .ok()
                            .filter(|d| d.is_finite() && d.abs() <= 3.0)
                            .ok_or_else(|| {
                                format!("--drift takes a number of sd from -3 to 3, not `{text}`")
                            })?,
                    );
                }
                "--later-joiners" => later_joiners = whole(&flag, &value()?)?,
                "--leavers" => leavers = whole(&flag, &value()?)?,
                _ => return Err(format!("unknown argument `{arg}`")),
            }
        }
        let standard = standard.ok_or("--standard FILE is required")?;
        let out = out.ok_or("--out DIR is required")?;
        if let Some(teams) = teams
            && teams > managers
        {
            return Err(format!(
                "--teams {teams} is more than --managers {managers}: every team needs a manager"
            ));
        }
        let team_count = teams.unwrap_or_else(|| default_teams(managers));
        if later_joiners > managers - team_count {
            return Err(format!(
                "--later-joiners {later_joiners} would leave a team without managers: at most {} of {managers} managers in {team_count} teams",
                managers - team_count
            ));
        }
        Ok(Some(Options {
            standard,
            out,
            managers,
            seed,
            raters_per_manager,
            teams,
            organisation_seed,
            drift,
            later_joiners,
            leavers,
        }))
    }
}

fn whole(flag: &str, text: &str) -> Result<usize, String> {
    text.parse::<usize>()
        .map_err(|_| format!("{flag} takes a whole number ≥ 0, not `{text}`"))
}

fn positive(flag: &str, text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("{flag} takes a whole number ≥ 1, not `{text}`")),
    }
}

// ---------------------------------------------------------------------------
// Randomness: xoshiro256** seeded through splitmix64
// ---------------------------------------------------------------------------

/// splitmix64 spreads a seed's bits, so neighbouring seeds (and streams) give
/// unrelated states; xoshiro must never start from all zeros.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// xoshiro256**: small, fast and good enough for synthetic data.
struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// One independent stream per (seed, stream): each manager gets its own,
    /// so changing one flag does not reshuffle everybody else's numbers.
    fn new(seed: u64, stream: u64) -> Rng {
        let mut state = seed ^ splitmix64(&mut stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        Rng {
            s: [
                splitmix64(&mut state),
                splitmix64(&mut state),
                splitmix64(&mut state),
                splitmix64(&mut state),
            ],
        }
    }

    fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1), from the top 53 bits.
    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in 0..n (Lemire's multiply-shift; the bias is far below noise).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    fn between(&mut self, low: usize, high_inclusive: usize) -> usize {
        low + self.below(high_inclusive - low + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Standard normal by Box–Muller; one draw per call keeps the stream
    /// easy to reason about.
    fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform(); // (0, 1]: ln is finite
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Poisson by Knuth's product method; fine for the small means of
    /// complaint and new-customer counts.
    fn poisson(&mut self, mean: f64) -> u32 {
        let limit = (-mean).exp();
        let mut product = self.uniform();
        let mut count = 0;
        while product > limit {
            product *= self.uniform();
            count += 1;
        }
        count
    }
}

/// A stable per-person draw: the same rater is equally lenient towards every
/// manager they rate, whoever is generated first.
fn personal_trait(seed: u64, who: &str) -> f64 {
    // FNV-1a: stable across runs and platforms, unlike std's hasher.
    let mut hash: u64 = 0xCBF2_9CE4_8422_2325;
    for byte in who.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01B3);
    }
    Rng::new(seed ^ 0x5EED_0F7A, hash).normal()
}

// ---------------------------------------------------------------------------
// The model of a quarter. Quantities marked "sd" are in standard deviations of
// the latent ability; "fraction" is a position on the rating scale, 0 at its
// minimum and 1 at its maximum.
// ---------------------------------------------------------------------------

/// How strongly tenure, team and the manager's own ability drive quality.
const ABILITY_SD: f64 = 0.75;
const TEAM_SD: f64 = 0.25;
const TENURE_EFFECT: f64 = 0.25;
/// Managers are uneven: strong in some competencies, weaker in others.
const COMPETENCY_SD: f64 = 0.45;
const INDICATOR_SD: f64 = 0.30;

/// Raters: an average manager sits a little above the middle of the scale
/// (3.5 of 5), as 360-degree ratings usually do.
const RATING_MEAN: f64 = 0.63;
const RATING_SLOPE: f64 = 0.14;
const RATING_NOISE: f64 = 0.11;
const RATER_LENIENCY_SD: f64 = 0.06;
/// A rater's overall impression of the manager colours every item (halo).
const HALO_SD: f64 = 0.05;

/// The panel is calibrated, so less lenient and less noisy than raters.
const INTERVIEW_MEAN: f64 = 0.62;
const INTERVIEW_SLOPE: f64 = 0.13;
const INTERVIEW_NOISE: f64 = 0.07;
const INTERVIEWER_SEVERITY_SD: f64 = 0.04;

/// Exam: share of the section's points.
const EXAM_MEAN: f64 = 0.70;
const EXAM_SLOPE: f64 = 0.10;
const EXAM_NOISE: f64 = 0.08;

/// Share of managers lacking evidence that leaves them ungraded under
/// `missing = "incomplete"`, and of those whose peer group falls short
/// (rounded to whole managers).
const INCOMPLETE_SHARE: f64 = 0.03;
const SHORT_PEERS_SHARE: f64 = 0.03;
/// Share of managers who also rate themselves.
const SELF_RATING_SHARE: f64 = 0.5;
/// Under `--drift`, managers progress unevenly from quarter to quarter.
const DRIFT_SD: f64 = 0.3;

/// A role's usual bias, as a fraction of the scale: customers and
/// subordinates are kind, supervisors a little strict, the self kindest.
fn role_bias(role: RoleKind) -> f64 {
    match role {
        RoleKind::Supervisor => -0.02,
        RoleKind::Customer => 0.03,
        RoleKind::Peer => 0.01,
        RoleKind::Subordinate => 0.04,
        RoleKind::Other => 0.0,
        RoleKind::SelfRating => 0.08,
    }
}

struct Branch {
    name: &'static str,
    /// Prefix of the branch's manager ids.
    code: &'static str,
    /// Districts, each with its own marketing centre.
    districts: &'static [&'static str],
}

const BRANCHES: [Branch; 9] = [
    Branch {
        name: "福州",
        code: "FZ",
        districts: &[
            "鼓楼", "台江", "仓山", "晋安", "马尾", "长乐", "福清", "闽侯",
        ],
    },
    Branch {
        name: "厦门",
        code: "XM",
        districts: &["思明", "湖里", "集美", "海沧", "同安", "翔安"],
    },
    Branch {
        name: "泉州",
        code: "QZ",
        districts: &["鲤城", "丰泽", "洛江", "晋江", "石狮", "南安"],
    },
    Branch {
        name: "漳州",
        code: "ZZ",
        districts: &["芗城", "龙文", "龙海", "漳浦"],
    },
    Branch {
        name: "莆田",
        code: "PT",
        districts: &["城厢", "涵江", "荔城", "秀屿"],
    },
    Branch {
        name: "三明",
        code: "SM",
        districts: &["三元", "永安", "沙县"],
    },
    Branch {
        name: "南平",
        code: "NP",
        districts: &["延平", "建阳", "建瓯", "武夷山"],
    },
    Branch {
        name: "龙岩",
        code: "LY",
        districts: &["新罗", "永定", "上杭", "漳平"],
    },
    Branch {
        name: "宁德",
        code: "ND",
        districts: &["蕉城", "福安", "福鼎", "霞浦"],
    },
];

/// Fujian's commonest surnames come twice, to be drawn more often.
const SURNAMES: [&str; 34] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "邓", "冯", "韩", "曹", "林", "陈",
    "黄", "郑",
];
const GIVEN_NAMES: [&str; 40] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明",
    "超", "霞", "平", "刚", "秀英", "桂英", "建华", "志强", "晓燕", "海燕", "文静", "俊杰", "婷婷",
    "雪梅", "丽华", "国平", "建国", "晓东", "志明", "丽娟", "家豪", "思远", "雅琴", "宇航",
];
/// A few managers go by a romanised name in the HR system.
const LATIN_SURNAMES: [&str; 10] = [
    "Liu", "Chen", "Lin", "Huang", "Zheng", "Wang", "Zhang", "Wu", "Xu", "Zhou",
];
const LATIN_GIVEN: [&str; 10] = [
    "Yang", "Jie", "Wei", "Min", "Tao", "Lei", "Jing", "Hao", "Xin", "Ying",
];
const LATIN_NAME_SHARE: f64 = 0.03;

#[derive(Clone, Copy, PartialEq, Eq)]
enum RoleKind {
    Supervisor,
    Customer,
    Peer,
    Subordinate,
    Other,
    SelfRating,
}

impl RoleKind {
    fn of(role_id: &str) -> RoleKind {
        match role_id {
            "supervisor" => RoleKind::Supervisor,
            "customer" => RoleKind::Customer,
            "peer" => RoleKind::Peer,
            "subordinate" => RoleKind::Subordinate,
            _ => RoleKind::Other,
        }
    }

    /// Most raters of this kind a usual 360-degree form has.
    fn usual_most(self) -> usize {
        match self {
            RoleKind::Supervisor | RoleKind::SelfRating => 1,
            RoleKind::Customer | RoleKind::Peer => 3,
            RoleKind::Subordinate | RoleKind::Other => 2,
        }
    }

    /// How often a free slot on the form goes to this kind.
    fn fill_weight(self) -> f64 {
        match self {
            RoleKind::Customer => 0.40,
            RoleKind::Subordinate => 0.35,
            RoleKind::Peer => 0.25,
            RoleKind::Other => 0.25,
            RoleKind::Supervisor | RoleKind::SelfRating => 0.0,
        }
    }
}

struct Team {
    name: String,
    branch: usize,
    /// Some teams have better customers, coaching or territory.
    effect: f64,
    supervisor: String,
    /// The team's managers are `first..first + size` in the roster.
    first: usize,
    size: usize,
}

struct Manager {
    id: String,
    name: String,
    team: usize,
    tenure_years: f64,
    /// Latent quality in sd: ability, team and experience together.
    quality: f64,
}

/// Evidence a manager lacks on purpose.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Gap {
    Complete,
    /// Missed the exam: no row in exam.csv.
    NoExamSheet,
    /// One KPI not yet reconciled by finance: its `actual` cell is empty.
    EmptyKpiActual,
    /// Only one interviewer scored (the others were called away).
    LoneInterviewer,
    /// Only one peer returned the form, fewer than a peer group needs to
    /// count. The other roles still rate, so the manager is graded.
    ShortPeers,
}

// ---------------------------------------------------------------------------
// Building the organisation
// ---------------------------------------------------------------------------

/// About 18 managers to a team, at least 6 teams (a branch's usual set of
/// departments), never more teams than managers.
fn default_teams(managers: usize) -> usize {
    managers.div_ceil(18).max(6).min(managers)
}

/// Chinese numerals for department names: 一 … 九十九; larger numbers (only
/// in stress-sized runs) stay in digits.
fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n].to_string(),
        // 十, 十一 … 十九: no leading 一.
        10..=19 => format!("十{}", DIGITS[n % 10]),
        // 二十, 二十一 … 九十九.
        20..=99 => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
        _ => n.to_string(),
    }
}

/// The k-th department of a branch: the two government-and-enterprise
/// departments, industry expansion, the group customer department, the
/// district marketing centres, then further numbered departments.
fn department_name(branch: &Branch, k: usize) -> String {
    let fixed = ["政企一部", "政企二部", "行业拓展部", "集团客户部"];
    if k < fixed.len() {
        fixed[k].to_string()
    } else if k - fixed.len() < branch.districts.len() {
        format!("{}营销中心", branch.districts[k - fixed.len()])
    } else {
        let n = k - fixed.len() - branch.districts.len() + 3;
        format!("政企{}部", chinese_number(n))
    }
}

fn manager_name(rng: &mut Rng) -> String {
    if rng.chance(LATIN_NAME_SHARE) {
        format!("{} {}", rng.pick(&LATIN_SURNAMES), rng.pick(&LATIN_GIVEN))
    } else {
        format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN_NAMES))
    }
}

fn digits(n: usize) -> usize {
    n.to_string().len()
}

/// Teams, then managers laid out team by team, so a branch's managers are
/// contiguous and numbered in order within the branch.
fn build_organisation(managers: usize, teams: usize, seed: u64) -> (Vec<Team>, Vec<Manager>) {
    let mut rng = Rng::new(seed, 0);
    // A dozen departments make one city branch; beyond that the province's
    // other branches join, up to all nine.
    let branches = if teams <= 12 {
        1
    } else {
        teams.div_ceil(10).min(BRANCHES.len())
    };

    // Team sizes vary by about ±30 %; every team gets at least one manager.
    let weights: Vec<f64> = (0..teams).map(|_| 0.7 + 0.6 * rng.uniform()).collect();
    let total: f64 = weights.iter().sum();
    let spare = managers - teams;
    let mut sizes: Vec<usize> = weights
        .iter()
        .map(|w| 1 + (spare as f64 * w / total).floor() as usize)
        .collect();
    // Flooring leaves fewer than `teams` managers over; the first teams take them.
    let left = managers - sizes.iter().sum::<usize>();
    for size in sizes.iter_mut().take(left) {
        *size += 1;
    }

    let supervisor_width = digits(teams).max(2);
    let mut team_list = Vec::with_capacity(teams);
    let mut first = 0;
    let mut department = vec![0; branches];
    for (t, &size) in sizes.iter().enumerate() {
        let branch = t * branches / teams;
        let base = department_name(&BRANCHES[branch], department[branch]);
        department[branch] += 1;
        // With several branches the team name says which, so that two
        // branches' 政企一部 are not pooled in team reports.
        let name = if branches == 1 {
            base
        } else {
            format!("{}{}", BRANCHES[branch].name, base)
        };
        team_list.push(Team {
            name,
            branch,
            effect: TEAM_SD * rng.normal(),
            supervisor: format!("S{:0width$}", t + 1, width = supervisor_width),
            first,
            size,
        });
        first += size;
    }

    let mut per_branch = vec![0; branches];
    for team in &team_list {
        per_branch[team.branch] += team.size;
    }
    let id_width = digits(per_branch.iter().copied().max().unwrap_or(0)).max(4);
    let mut serial = vec![0; branches];
    let mut roster = Vec::with_capacity(managers);
    for (t, team) in team_list.iter().enumerate() {
        for _ in 0..team.size {
            serial[team.branch] += 1;
            roster.push(new_manager(
                &mut rng,
                &team_list,
                t,
                serial[team.branch],
                id_width,
            ));
        }
    }
    (team_list, roster)
}

/// The `serial`-th manager of a branch, in team `t`.
fn new_manager(rng: &mut Rng, teams: &[Team], t: usize, serial: usize, width: usize) -> Manager {
    let team = &teams[t];
    // Tenure is right-skewed: many in their first years, a long tail.
    let tenure_years = (5.0 * (0.75 * rng.normal()).exp()).clamp(0.5, 20.0);
    let tenure_years = (tenure_years * 10.0).round() / 10.0;
    let tenure_z = (tenure_years.ln() - 5f64.ln()) / 0.75;
    Manager {
        id: format!("{}{serial:0width$}", BRANCHES[team.branch].code),
        name: manager_name(rng),
        team: t,
        tenure_years,
        quality: ABILITY_SD * rng.normal() + team.effect + TENURE_EFFECT * tenure_z,
    }
}

/// This quarter's roster from the organisation's: abilities moved by
/// `--drift`, the `--later-joiners` left out, the `--leavers` added, laid
/// out team by team again. With none of these flags it is the organisation.
fn this_quarter(options: &Options, teams: &mut [Team], organisation: Vec<Manager>) -> Vec<Manager> {
    let mut organisation = organisation;
    if let Some(drift) = options.drift {
        // Streams past every manager's (i + 1) and the gaps' (u64::MAX).
        let mut rng = Rng::new(options.seed, u64::MAX - 1);
        for manager in &mut organisation {
            manager.quality += drift + DRIFT_SD * rng.normal();
        }
    }

    // The newest managers join later; no team is left without one.
    let mut by_tenure: Vec<usize> = (0..organisation.len()).collect();
    by_tenure.sort_by(|&a, &b| {
        organisation[a]
            .tenure_years
            .total_cmp(&organisation[b].tenure_years)
            .then(a.cmp(&b))
    });
    let mut left_in_team: Vec<usize> = teams.iter().map(|team| team.size).collect();
    let mut joins_later = vec![false; organisation.len()];
    let mut chosen = 0;
    for index in by_tenure {
        if chosen == options.later_joiners {
            break;
        }
        let team = organisation[index].team;
        if left_in_team[team] > 1 {
            left_in_team[team] -= 1;
            joins_later[index] = true;
            chosen += 1;
        }
    }

    // Leavers are numbered after the branch's managers of the organisation.
    let width = organisation.first().map_or(4, |m| {
        m.id.len() - BRANCHES[teams[m.team].branch].code.len()
    });
    let mut serial = vec![0; BRANCHES.len()];
    for manager in &organisation {
        serial[teams[manager.team].branch] += 1;
    }
    let mut rng = Rng::new(options.seed, u64::MAX - 2);
    let mut leavers = Vec::with_capacity(options.leavers);
    for _ in 0..options.leavers {
        let t = rng.below(teams.len());
        serial[teams[t].branch] += 1;
        leavers.push(new_manager(
            &mut rng,
            teams,
            t,
            serial[teams[t].branch],
            width,
        ));
    }

    let mut by_team: Vec<Vec<Manager>> = teams.iter().map(|_| Vec::new()).collect();
    for (manager, later) in organisation.into_iter().zip(joins_later) {
        if !later {
            by_team[manager.team].push(manager);
        }
    }
    for manager in leavers {
        by_team[manager.team].push(manager);
    }
    let mut roster = Vec::new();
    for (team, managers) in teams.iter_mut().zip(by_team) {
        team.first = roster.len();
        team.size = managers.len();
        roster.extend(managers);
    }
    roster
}

// ---------------------------------------------------------------------------
// Writing the quarter
// ---------------------------------------------------------------------------

/// The five files, each present only when its method is in use.
struct Files {
    roster: BufWriter<File>,
    exam: Option<BufWriter<File>>,
    ratings: Option<BufWriter<File>>,
    interview: Option<BufWriter<File>>,
    kpi: Option<BufWriter<File>>,
}

fn create(dir: &Path, file: &str, header: &str) -> io::Result<BufWriter<File>> {
    let mut writer = BufWriter::with_capacity(1 << 16, File::create(dir.join(file))?);
    writeln!(writer, "{header}")?;
    Ok(writer)
}

/// What the standard asks of the data, resolved once.
struct Shape<'s> {
    standard: &'s Standard,
    exam: Vec<usize>,
    ratings: Vec<usize>,
    interview: Vec<usize>,
    kpi: Vec<usize>,
    /// Declared rater roles with their kind, in the standard's order.
    roles: Vec<(&'s str, RoleKind)>,
    interviewers: Vec<String>,
    seed: u64,
    /// Raters' and interviewers' leniency belong to the organisation, so
    /// they hold across its quarters.
    organisation_seed: u64,
    /// A fixed form size asked for on the command line.
    raters_per_manager: Option<usize>,
}

#[derive(Default)]
struct Counts {
    exam_rows: usize,
    rating_rows: usize,
    interview_rows: usize,
    kpi_rows: usize,
    self_raters: usize,
    no_exam_sheet: usize,
    empty_kpi_actual: usize,
    lone_interviewer: usize,
    short_peers: usize,
}

fn generate(standard: &Standard, options: &Options) -> io::Result<String> {
    let teams = options
        .teams
        .unwrap_or_else(|| default_teams(options.managers));
    let organisation_seed = options.organisation_seed.unwrap_or(options.seed);
    let (mut team_list, organisation) =
        build_organisation(options.managers, teams, organisation_seed);
    let roster = this_quarter(options, &mut team_list, organisation);

    // A panel of three is drawn from a pool of about one interviewer per 50
    // managers, at least nine.
    let pool = options.managers.div_ceil(50).max(9);
    let interviewer_width = digits(pool).max(2);
    let shape = Shape {
        standard,
        exam: standard.indicators_of(Method::Exam),
        ratings: standard.indicators_of(Method::Ratings),
        interview: standard.indicators_of(Method::Interview),
        kpi: standard.indicators_of(Method::Kpi),
        roles: standard
            .ratings
            .roles
            .iter()
            .map(|role| (role.id.as_str(), RoleKind::of(&role.id)))
            .collect(),
        interviewers: (1..=pool)
            .map(|i| format!("IV{i:0interviewer_width$}"))
            .collect(),
        seed: options.seed,
        organisation_seed,
        raters_per_manager: options.raters_per_manager,
    };
    let gaps = assign_gaps(roster.len(), &shape);

    let dir = &options.out;
    fs::create_dir_all(dir)?;
    let mut files = Files {
        roster: create(
            dir,
            "roster.csv",
            "manager_id,name,team,branch,tenure_years",
        )?,
        exam: None,
        ratings: None,
        interview: None,
        kpi: None,
    };
    if !shape.exam.is_empty() {
        let mut header = String::from("manager_id");
        for &i in &shape.exam {
            write!(header, ",{}", standard.indicators[i].id).expect("writing to a String");
        }
        files.exam = Some(create(dir, "exam.csv", &header)?);
    }
    if !shape.ratings.is_empty() {
        files.ratings = Some(create(
            dir,
            "ratings.csv",
            "manager_id,rater_id,role,indicator,score",
        )?);
    }
    if !shape.interview.is_empty() {
        files.interview = Some(create(
            dir,
            "interview.csv",
            "manager_id,interviewer_id,indicator,score",
        )?);
    }
    if !shape.kpi.is_empty() {
        files.kpi = Some(create(
            dir,
            "kpi.csv",
            "manager_id,indicator,actual,target",
        )?);
    }

    let mut counts = Counts::default();
    for (index, manager) in roster.iter().enumerate() {
        // Stream 0 built the organisation; manager i draws from stream i + 1.
        let mut rng = Rng::new(options.seed, index as u64 + 1);
        write_manager(
            &mut files,
            &mut counts,
            &mut rng,
            &shape,
            (&team_list, &roster),
            manager,
            gaps[index],
        )?;
    }
    files.roster.flush()?;
    for writer in [files.exam, files.ratings, files.interview, files.kpi]
        .iter_mut()
        .flatten()
    {
        writer.flush()?;
    }

    let branches = team_list
        .iter()
        .map(|t| t.branch)
        .max()
        .map_or(0, |b| b + 1);
    Ok(format!(
        "synth: wrote {} manager{} in {} team{} ({} branch{}) to {}\n  \
         exam.csv {} rows, ratings.csv {} rows ({} managers rated themselves), \
         interview.csv {} rows, kpi.csv {} rows\n  \
         evidence missing on purpose: {} without an exam sheet, {} with an empty KPI actual, \
         {} scored by one interviewer; {} with a single peer rater",
        roster.len(),
        plural(roster.len()),
        team_list.len(),
        plural(team_list.len()),
        branches,
        if branches == 1 { "" } else { "es" },
        dir.display(),
        counts.exam_rows,
        counts.rating_rows,
        counts.self_raters,
        counts.interview_rows,
        counts.kpi_rows,
        counts.no_exam_sheet,
        counts.empty_kpi_actual,
        counts.lone_interviewer,
        counts.short_peers,
    ))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One manager's rows in every file.
fn write_manager(
    files: &mut Files,
    counts: &mut Counts,
    rng: &mut Rng,
    shape: &Shape,
    (teams, roster): (&[Team], &[Manager]),
    manager: &Manager,
    gap: Gap,
) -> io::Result<()> {
    let standard = shape.standard;
    let team = &teams[manager.team];
    writeln!(
        files.roster,
        "{},{},{},{},{:.1}",
        manager.id, manager.name, team.name, BRANCHES[team.branch].name, manager.tenure_years
    )?;

    // The manager's true level on each indicator, in sd: overall quality,
    // then an uneven profile across competencies and indicators.
    let competency_level: Vec<f64> = (0..standard.competencies.len())
        .map(|_| manager.quality + COMPETENCY_SD * rng.normal())
        .collect();
    let level: Vec<f64> = standard
        .indicators
        .iter()
        .map(|indicator| competency_level[indicator.competency] + INDICATOR_SD * rng.normal())
        .collect();

    if let Some(exam) = files.exam.as_mut() {
        if gap == Gap::NoExamSheet {
            counts.no_exam_sheet += 1;
        } else {
            let mut row = manager.id.clone();
            for &i in &shape.exam {
                let max = standard.indicators[i].exam_max.unwrap_or(100.0);
                let share = EXAM_MEAN + EXAM_SLOPE * level[i] + EXAM_NOISE * rng.normal();
                // Long sections are marked in half points, short ones whole.
                let step = if max >= 20.0 { 0.5 } else { 1.0 };
                let points = ((share * max / step).round() * step).clamp(0.0, max);
                write!(row, ",{}", decimal(points, 1)).expect("writing to a String");
            }
            writeln!(exam, "{row}")?;
            counts.exam_rows += 1;
        }
    }

    if let Some(ratings) = files.ratings.as_mut() {
        let raters = choose_raters(rng, shape, (team, roster), manager, gap);
        if gap == Gap::ShortPeers {
            counts.short_peers += 1;
        }
        let self_rates = rng.chance(SELF_RATING_SHARE);
        let self_rater = self_rates.then(|| ("self", RoleKind::SelfRating, manager.id.clone()));
        if self_rates {
            counts.self_raters += 1;
        }
        for (role, kind, rater_id) in raters.into_iter().chain(self_rater) {
            let leniency = RATER_LENIENCY_SD * personal_trait(shape.organisation_seed, &rater_id);
            let halo = HALO_SD * rng.normal();
            for &i in &shape.ratings {
                let fraction = RATING_MEAN
                    + RATING_SLOPE * level[i]
                    + role_bias(kind)
                    + leniency
                    + halo
                    + RATING_NOISE * rng.normal();
                let score = on_scale(standard, fraction, 1.0);
                let indicator = &standard.indicators[i].id;
                writeln!(
                    ratings,
                    "{},{rater_id},{role},{indicator},{}",
                    manager.id,
                    decimal(score, 1)
                )?;
                counts.rating_rows += 1;
            }
        }
    }

    if let Some(interview) = files.interview.as_mut() {
        let mut panel: Vec<&String> = Vec::with_capacity(3);
        while panel.len() < 3.min(shape.interviewers.len()) {
            let candidate = rng.pick(&shape.interviewers);
            if !panel.contains(&candidate) {
                panel.push(candidate);
            }
        }
        if gap == Gap::LoneInterviewer {
            panel.truncate(1);
            counts.lone_interviewer += 1;
        }
        for interviewer in panel {
            let severity =
                INTERVIEWER_SEVERITY_SD * personal_trait(shape.organisation_seed, interviewer);
            for &i in &shape.interview {
                let fraction = INTERVIEW_MEAN
                    + INTERVIEW_SLOPE * level[i]
                    + severity
                    + INTERVIEW_NOISE * rng.normal();
                // Panels may split the difference between two anchors.
                let score = on_scale(standard, fraction, 0.5);
                let indicator = &standard.indicators[i].id;
                writeln!(
                    interview,
                    "{},{interviewer},{indicator},{}",
                    manager.id,
                    decimal(score, 1)
                )?;
                counts.interview_rows += 1;
            }
        }
    }

    if let Some(kpi) = files.kpi.as_mut() {
        // Which KPI (if any) finance has not reconciled yet.
        let unreconciled = (gap == Gap::EmptyKpiActual).then(|| *rng.pick(&shape.kpi));
        if unreconciled.is_some() {
            counts.empty_kpi_actual += 1;
        }
        for &i in &shape.kpi {
            let (actual, target) = kpi_result(rng, standard, i, level[i], manager.tenure_years);
            let actual = if unreconciled == Some(i) {
                String::new()
            } else {
                actual
            };
            writeln!(
                kpi,
                "{},{},{actual},{target}",
                manager.id, standard.indicators[i].id
            )?;
            counts.kpi_rows += 1;
        }
    }
    Ok(())
}

/// Which managers lack evidence, decided up front so that a quarter of any
/// size has its share of gaps (120 managers: four of each) rather than
/// whatever a coin toss per manager gives. The incomplete kinds take turns,
/// so each shows up; only gaps the standard can notice are used.
fn assign_gaps(managers: usize, shape: &Shape) -> Vec<Gap> {
    let mut gaps = vec![Gap::Complete; managers];
    let mut kinds = Vec::with_capacity(3);
    if !shape.exam.is_empty() {
        kinds.push(Gap::NoExamSheet);
    }
    if !shape.kpi.is_empty() {
        kinds.push(Gap::EmptyKpiActual);
    }
    if !shape.interview.is_empty() {
        kinds.push(Gap::LoneInterviewer);
    }
    let has_peers = shape.roles.iter().any(|&(_, kind)| kind == RoleKind::Peer);
    let share = |fraction: f64| (managers as f64 * fraction).round() as usize;
    let incomplete = if kinds.is_empty() {
        0
    } else {
        share(INCOMPLETE_SHARE)
    };
    let short_peers = if has_peers {
        share(SHORT_PEERS_SHARE)
    } else {
        0
    };

    // A partial Fisher–Yates shuffle draws distinct managers.
    let mut rng = Rng::new(shape.seed, u64::MAX);
    let mut order: Vec<usize> = (0..managers).collect();
    let chosen = (incomplete + short_peers).min(managers);
    for k in 0..chosen {
        let j = k + rng.below(managers - k);
        order.swap(k, j);
        gaps[order[k]] = if k < incomplete {
            kinds[k % kinds.len()]
        } else {
            Gap::ShortPeers
        };
    }
    gaps
}

/// How many raters of each declared role: one supervisor, at least one
/// customer and two peers, the rest of the form spread over the roles.
fn rater_counts(rng: &mut Rng, shape: &Shape, total: usize, fixed_total: bool) -> Vec<usize> {
    let mut counts = vec![0; shape.roles.len()];
    let mut left = total;
    let must_have = [
        RoleKind::Supervisor,
        RoleKind::Customer,
        RoleKind::Peer,
        RoleKind::Peer,
    ];
    for kind in must_have {
        if left == 0 {
            break;
        }
        if let Some(r) = shape.roles.iter().position(|&(_, k)| k == kind) {
            counts[r] += 1;
            left -= 1;
        }
    }
    // The usual caps hold unless the user asked for a bigger form; the
    // supervisor is one person whatever the size.
    while left > 0 {
        let open: Vec<(usize, f64)> = shape
            .roles
            .iter()
            .enumerate()
            .filter(|&(r, &(_, kind))| {
                kind != RoleKind::Supervisor && (fixed_total || counts[r] < kind.usual_most())
            })
            .map(|(r, &(_, kind))| (r, kind.fill_weight()))
            .collect();
        let total_weight: f64 = open.iter().map(|&(_, w)| w).sum();
        if open.is_empty() || total_weight <= 0.0 {
            break;
        }
        let mut draw = rng.uniform() * total_weight;
        let mut chosen = open[open.len() - 1].0;
        for &(r, weight) in &open {
            if draw < weight {
                chosen = r;
                break;
            }
            draw -= weight;
        }
        counts[chosen] += 1;
        left -= 1;
    }
    counts
}

/// The raters of one manager as (role, kind, rater_id), ids distinct within
/// the manager and never the manager's own.
fn choose_raters<'s>(
    rng: &mut Rng,
    shape: &Shape<'s>,
    (team, roster): (&Team, &[Manager]),
    manager: &Manager,
    gap: Gap,
) -> Vec<(&'s str, RoleKind, String)> {
    let (total, fixed) = match shape.raters_per_manager {
        Some(n) => (n, true),
        None => (rng.between(5, 8), false),
    };
    let mut counts = rater_counts(rng, shape, total, fixed);
    // Peers are other managers; a tiny roster cannot supply many.
    for (r, &(_, kind)) in shape.roles.iter().enumerate() {
        if kind == RoleKind::Peer {
            counts[r] = counts[r].min(roster.len() - 1);
            if gap == Gap::ShortPeers {
                counts[r] = counts[r].min(1);
            }
        }
    }

    let mut raters: Vec<(&'s str, RoleKind, String)> = Vec::with_capacity(total);
    let mut taken: Vec<String> = vec![manager.id.clone()];
    for (r, &(role, kind)) in shape.roles.iter().enumerate() {
        for _ in 0..counts[r] {
            let id = loop {
                let candidate = match kind {
                    RoleKind::Supervisor => team.supervisor.clone(),
                    RoleKind::Customer => format!("C{:06}", rng.between(100_000, 999_999)),
                    // Peers come from the same team when it is big enough.
                    RoleKind::Peer => {
                        let others_in_team = team.size - 1;
                        let already = raters.iter().filter(|(_, k, _)| *k == kind).count();
                        if others_in_team > already {
                            roster[team.first + rng.below(team.size)].id.clone()
                        } else {
                            rng.pick(roster).id.clone()
                        }
                    }
                    RoleKind::Subordinate => format!("E{:06}", rng.between(100_000, 999_999)),
                    RoleKind::Other | RoleKind::SelfRating => format!(
                        "{}{:05}",
                        role.chars().next().map_or('R', |c| c.to_ascii_uppercase()),
                        rng.between(10_000, 99_999)
                    ),
                };
                // A supervisor is one person; every other rater is distinct.
                if kind == RoleKind::Supervisor || !taken.contains(&candidate) {
                    break candidate;
                }
            };
            taken.push(id.clone());
            raters.push((role, kind, id));
        }
    }
    raters
}

/// A fraction of the scale turned into a score on it, in steps of `step`
/// scale points, kept within the scale.
fn on_scale(standard: &Standard, fraction: f64, step: f64) -> f64 {
    let (min, max) = (standard.scale_min, standard.scale_max);
    let value = min + fraction * (max - min);
    let low = (min / step).ceil() * step;
    let high = (max / step).floor() * step;
    ((value / step).round() * step).clamp(low, high)
}

/// One KPI's (actual, target) cells. The kind of KPI is read from its id and
/// direction, so other standards get sensible numbers too.
fn kpi_result(
    rng: &mut Rng,
    standard: &Standard,
    indicator: usize,
    level: f64,
    tenure_years: f64,
) -> (String, String) {
    let id = standard.indicators[indicator].id.as_str();
    let direction = standard.indicators[indicator]
        .kpi
        .as_ref()
        .map_or(KpiDirection::Higher, |rule| rule.direction);
    if direction == KpiDirection::Lower {
        // Complaints and the like: a small target, fewer for the able.
        let target = rng.between(2, 5);
        let mean = target as f64 * 0.8 * (-0.4 * level).exp();
        let actual = rng.poisson(mean).min(8);
        (actual.to_string(), target.to_string())
    } else if id.contains("revenue") || id.contains("income") {
        // Revenue in 万元: seniors carry bigger accounts; attainment spreads
        // from about 60 % to 140 %.
        let scale = 300.0 + 80.0 * tenure_years;
        let target = (scale * (0.35 * rng.normal()).exp() / 10.0)
            .round()
            .max(1.0)
            * 10.0;
        let attainment = (0.97 + 0.12 * level + 0.10 * rng.normal()).clamp(0.55, 1.45);
        (decimal(target * attainment, 1), decimal(target, 0))
    } else if id.contains("retention") || id.contains("rate") {
        // A percentage with a target in the nineties.
        let target = *rng.pick(&[90.0, 92.0, 95.0, 96.0, 98.0]);
        let actual = (target - 1.5 + 3.0 * level + 2.5 * rng.normal()).clamp(70.0, 100.0);
        (decimal(actual, 1), decimal(target, 0))
    } else {
        // Counts such as new customers signed.
        let target = rng.between(2, 8);
        let mean = target as f64 * (0.95 + 0.25 * level).max(0.05);
        (rng.poisson(mean).to_string(), target.to_string())
    }
}

/// A number with at most `places` decimals and no trailing zeros, as a
/// spreadsheet export writes it (`4`, `17.5`, `1234.6`).
fn decimal(value: f64, places: usize) -> String {
    let text = format!("{value:.places$}");
    if text.contains('.') {
        let text = text.trim_end_matches('0').trim_end_matches('.');
        if text == "-0" {
            "0".into()
        } else {
            text.into()
        }
    } else {
        text
    }
}
