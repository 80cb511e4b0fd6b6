//! Two error layers: `Error` inside the core (thiserror), and `ApiError { code, message }` that
//! crosses IPC and the CLI. The UI picks what to show from `code`, never from the message text.

use serde::Serialize;
use ts_rs::TS;

use crate::member_import::ImportFileReason;

/// What the UI can act on. Add a code only when the UI shows or does something different for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ErrorCode {
    /// A field failed validation; `field` in the message names it.
    Invalid,
    NotFound,
    /// A name that must be unique is taken.
    Duplicate,
    /// More than the three committee seats, or one role given twice.
    SeatCount,
    /// The member proposed for a seat belongs to another branch.
    SeatOtherBranch,
    /// Archived members cannot hold a seat.
    SeatArchivedMember,
    /// One member may hold only one seat.
    SeatTwice,
    /// The member holds a committee seat and cannot be archived before it is reassigned.
    MemberHoldsSeat,
    /// The record is referred to by others and can only be archived.
    InUse,
    /// The member is in a team or an active point of their branch and cannot move to another
    /// branch until replaced there; `subject` names the team or point.
    MemberBoundToBranch,
    /// The demo (or a generated town) goes only into a database whose register is empty.
    RegisterNotEmpty,
    /// An import file has row errors; nothing was written.
    ImportRows,
    /// An import file could not be read at all (not a spreadsheet, empty, no header).
    ImportFile,
    /// The database file is newer than this app, or cannot be opened.
    Database,
    Io,
    Internal,
    /// Attendance names someone who was not in the branch on the activity's day.
    NotOnRoll,
    /// "Held" needs every step recorded and attendance taken; `message` lists what is missing.
    NotReadyToHold,
    /// The activity's status cannot change that way (e.g. a cancelled activity held).
    BadTransition,
    /// An activity is marked held only once its day has come; `subject` is that day.
    BeforeItsDay,
    /// A team has 5 to 8 capable members.
    TeamSize,
    /// The member is already in another team of that year.
    TeamMemberTaken,
    /// Only active capable members form teams.
    TeamMemberNotCapable,
    /// The member belongs to another branch.
    TeamMemberOtherBranch,
    /// A picked file is not a photo the app can show (JPEG, PNG, WebP, GIF).
    NotAnImage,
    /// A file path the user did not pick in a file dialog (the window may only read and write
    /// where the user chose).
    PathNotChosen,
    /// A picked file is over the size limit.
    FileTooLarge,
    /// An output file would replace the open database (or a file beside it, or a backup being
    /// read); `subject` names the path.
    OutputIsDataFile,
    /// The review's state does not allow this step (e.g. tallying a review not collecting).
    ReviewTransition,
    /// The review is finalised: nothing changes until it is reopened with a reason.
    ReviewLocked,
    /// The review's stored data no longer matches its audit log (changed, or audit entries
    /// removed, behind the app's back); `chainBreak` names the review and what differs.
    ReviewAltered,
    /// A group would have more ballot sheets than registered reviewers.
    TooManyBallots,
    /// Few of a group's registered reviewers handed in a sheet; tallying or finalising needs
    /// the user's yes. `subject` is the figure, "7 / 125".
    LowTurnout,
    /// A ballot file (CSV of paper sheets) has problems; `sheetProblems` names each row and
    /// column. Nothing was stored.
    BallotFile,
    /// A ballot rates a branch that is not in the review (not of the community).
    BranchNotInReview,
    /// Some branches have no valid vote yet; `message` lists them.
    BranchesWithoutBallots,
    /// No Chinese font is installed, so nothing can be printed.
    NoFont,
    /// The printing font lacks characters of the document; `glyphs` says which and where.
    MissingGlyph,
    /// A review's report is printed only once the review is finalised.
    ReviewNotFinalised,
    /// The database file is damaged or not a database at all: only a restore helps.
    DatabaseDamaged,
    /// The disk (or the USB stick) is full: the file was not written, the old one is as it was.
    DiskFull,
    /// The database or the chosen place is read-only (write-protected stick, CD, permissions):
    /// the data can be looked at, not changed.
    ReadOnly,
    /// A file to read is not there; `subject` names it.
    FileMissing,
    /// The picked file is not a backup of this app (not a zip, or no manifest of ours).
    NotABackup,
    /// The backup file is cut short or corrupted; `message` says what is wrong.
    BackupDamaged,
    /// The backup was made by a newer app (format or database schema); upgrade first.
    BackupTooNew,
    /// Another window or the command line has the database open, so it cannot be replaced.
    DatabaseBusy,
    /// A batch print is already running; wait for it or cancel it first.
    BatchRunning,
    /// The picked file is not an exchange file of this app.
    NotAnExchange,
    /// The exchange file is cut short or inconsistent; `message` says what is wrong.
    ExchangeDamaged,
    /// The exchange file was made by a newer app; upgrade first.
    ExchangeTooNew,
    /// Some conflicts have no choice (keep mine / take theirs) yet; nothing was imported.
    ExchangeConflicts,
    /// The file does not fit this computer's data (another town of the same name, a branch
    /// that is not here for a decisions file, a record refused); `message` says which.
    ExchangeRefused,
}

/// A field-level validation failure, so the UI can put the message next to the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldError {
    pub field: String,
    pub rule: FieldRule,
}

/// Why a field was refused; the UI turns each into a sentence in the chosen language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum FieldRule {
    Required,
    TooLong,
    BadPhone,
    BadYear,
    BadDate,
    BadGender,
    BadChoice,
    Future,
    BadTime,
    /// Control characters (ESC, bell, line breaks in a name) or bidirectional overrides
    /// (U+202E…), which make a text print or sort as something else.
    BadCharacters,
}

impl FieldRule {
    /// The rule in a few Chinese words, for messages that are not next to a form field.
    pub fn describe_zh(self) -> &'static str {
        match self {
            FieldRule::Required => "必填",
            FieldRule::TooLong => "内容太长",
            FieldRule::BadPhone => "电话号码无效",
            FieldRule::BadYear => "年份无效",
            FieldRule::BadDate => "日期无效",
            FieldRule::BadGender => "性别无效",
            FieldRule::BadChoice => "不在可选范围内",
            FieldRule::Future => "日期晚于今天",
            FieldRule::BadTime => "时间无效",
            FieldRule::BadCharacters => "含有控制字符",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    #[error("{what} not found: {id}")]
    NotFound { what: &'static str, id: String },
    #[error("{what} already exists: {name}")]
    Duplicate { what: &'static str, name: String },
    #[error("a branch has exactly 3 committee seats, each role once; got {0} assignments")]
    SeatCount(usize),
    #[error("member {member} belongs to another branch")]
    SeatOtherBranch { member: String },
    #[error("member {member} is archived and cannot hold a seat")]
    SeatArchivedMember { member: String },
    #[error("member {member} is given two seats")]
    SeatTwice { member: String },
    #[error("member {member} holds a committee seat; reassign it first")]
    MemberHoldsSeat { member: String },
    #[error("{what} is referred to by other records and can only be archived")]
    InUse { what: &'static str },
    #[error("member {member} is in {duty} of their branch; replace them there before moving")]
    MemberBoundToBranch { member: String, duty: String },
    #[error("the register already holds data; demo data goes only into an empty database")]
    RegisterNotEmpty,
    #[error("the import file has {0} row error(s); nothing was written")]
    ImportRows(usize),
    #[error("cannot read the import file: {}{}", reason.describe(), if detail.is_empty() { String::new() } else { format!(" ({detail})") })]
    ImportFile {
        reason: ImportFileReason,
        detail: String,
    },
    /// A holiday schedule (holiday-cn JSON) that cannot be read or makes no sense.
    #[error("holiday schedule: {0}")]
    HolidayFile(String),
    #[error("member {member} is not on this activity's roll (not in the branch on that day)")]
    NotOnRoll { member: String },
    #[error("the activity cannot be marked held yet: {0:?} missing")]
    NotReadyToHold(Vec<crate::activity::HeldRequirement>),
    #[error("the activity is on {date}; it cannot be marked held before that day")]
    BeforeItsDay { date: chrono::NaiveDate },
    #[error("an activity cannot go from {from} to {to}")]
    BadTransition {
        from: &'static str,
        to: &'static str,
    },
    #[error(
        "数据库来自更新版本的软件（数据库版本 {found}，本软件只认到 {known}），请先升级软件再打开"
    )]
    SchemaTooNew { found: i64, known: i64 },
    #[error("database: {}", sqlite_words(.0))]
    Sqlite(#[from] rusqlite::Error),
    #[error("file: {}", io_words(.0))]
    Io(#[from] std::io::Error),
    /// A file-system error about one file (see `files::naming`).
    #[error("{file}: {}", io_words(.source))]
    File {
        file: String,
        source: std::io::Error,
    },
    #[error("数据库文件是只读的，只能查看：{0}")]
    DatabaseReadOnly(&'static str),
    #[error("spreadsheet: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("a team has 5 to 8 capable members; this one has {size}")]
    TeamSize { size: usize },
    #[error("member {member} is already in team {team} this year")]
    TeamMemberTaken { member: String, team: String },
    #[error("member {member} is not an active capable member")]
    TeamMemberNotCapable { member: String },
    #[error("member {member} belongs to another branch")]
    TeamMemberOtherBranch { member: String },
    #[error("{file} is not a JPEG, PNG, WebP or GIF image")]
    NotAnImage { file: String },
    #[error("{file} was not chosen in a file dialog")]
    PathNotChosen { file: String },
    #[error("{file} has {bytes} bytes; the limit is {limit}")]
    FileTooLarge {
        file: String,
        bytes: u64,
        limit: u64,
    },
    #[error("不能写到 {file}：它是正在使用的数据文件（数据库或正在读取的备份），请换一个文件名")]
    OutputIsDataFile { file: String },
    #[error("a review cannot go from {from} to {to}")]
    ReviewTransition {
        from: &'static str,
        to: &'static str,
    },
    #[error("the review is finalised; reopen it with a reason first")]
    ReviewLocked,
    #[error("{} 的评议数据与审计记录不符，未做任何改动 / the review does not match its audit log, nothing was changed: {}", .0.review_label(), .0.describe())]
    ReviewAltered(Box<crate::review::audit::ChainBreak>),
    #[error("only {sheets} of the {registered} registered {group} reviewers handed in a sheet")]
    LowTurnout {
        group: &'static str,
        sheets: u32,
        registered: u32,
    },
    #[error("{group} ballots would be {sheets}, more than the {registered} registered reviewers")]
    TooManyBallots {
        group: &'static str,
        sheets: u32,
        registered: u32,
    },
    #[error("选票文件有 {} 处问题，未录入任何选票 / the ballot file has {} problem(s), nothing was stored: {}", .0.len(), .0.len(), crate::review::sheets::describe_problems(.0))]
    BallotFile(Vec<crate::review::sheets::SheetProblem>),
    #[error("branch {branch} is not in this review")]
    BranchNotInReview { branch: String },
    #[error("branches without any valid vote: {0:?}")]
    BranchesWithoutBallots(Vec<String>),
    #[error("no Chinese font found for printing; install fonts-noto-cjk (Debian/Ubuntu), Noto Sans CJK SC or Source Han Sans SC")]
    NoCjkFont,
    #[error("the font {font} lacks {}", describe_gaps(.gaps))]
    MissingGlyphs {
        font: String,
        gaps: Vec<crate::print::GlyphGap>,
    },
    #[error("the review is {state}, not finalised; its report is printed once it is finalised")]
    ReviewNotFinalised { state: &'static str },
    /// A template failed to compile: a bug in the app, not in the user's data.
    #[error("document template: {0}")]
    Render(String),
    #[error("不是支部活动规划的备份文件：{0}")]
    NotABackup(String),
    #[error("备份文件已损坏：{0}")]
    BackupDamaged(String),
    #[error("备份来自更新版本的软件（{what} {found}，本软件只认到 {known}），请先升级软件")]
    BackupTooNew {
        what: &'static str,
        found: i64,
        known: i64,
    },
    #[error("数据库正被其他程序使用（另一个窗口或命令行），请关闭后再试")]
    DatabaseBusy,
    #[error("a batch print is already running; wait for it or cancel it first")]
    BatchRunning,
    #[error("不是支部活动规划的交换文件：{0}")]
    NotAnExchange(String),
    #[error("交换文件已损坏：{0}")]
    ExchangeDamaged(String),
    #[error("交换文件来自更新版本的软件（{what} {found}，本软件只认到 {known}），请先升级软件")]
    ExchangeTooNew {
        what: &'static str,
        found: i64,
        known: i64,
    },
    #[error("还有 {0} 处冲突没有选择保留本机或采用文件，没有导入任何数据")]
    ExchangeConflicts(usize),
    #[error("交换文件与本机数据不相容：{0}")]
    ExchangeRefused(String),
}

fn describe_gaps(gaps: &[crate::print::GlyphGap]) -> String {
    let parts: Vec<String> = gaps
        .iter()
        .map(|g| {
            format!(
                "{} ({}) in {} \"{}\"",
                g.character, g.codepoint, g.field, g.text
            )
        })
        .collect();
    parts.join("; ")
}

/// The few I/O failures a user can act on, in words; others as the system says them.
fn io_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let words = match e.kind() {
        K::NotFound => "找不到这个文件或文件夹",
        K::PermissionDenied => "没有读写权限",
        K::ReadOnlyFilesystem => "磁盘是只读的（写保护的U盘或光盘？）",
        K::StorageFull | K::QuotaExceeded => "磁盘空间已满，文件没有写成；请腾出空间后再试",
        _ => return e.to_string(),
    };
    format!("{words}（{e}）")
}

fn io_code(e: &std::io::Error) -> ErrorCode {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => ErrorCode::FileMissing,
        K::PermissionDenied | K::ReadOnlyFilesystem => ErrorCode::ReadOnly,
        K::StorageFull | K::QuotaExceeded => ErrorCode::DiskFull,
        _ => ErrorCode::Io,
    }
}

fn sqlite_failure(e: &rusqlite::Error) -> Option<rusqlite::ErrorCode> {
    match e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        _ => None,
    }
}

fn sqlite_words(e: &rusqlite::Error) -> String {
    match sqlite_failure(e) {
        Some(rusqlite::ErrorCode::DiskFull) => {
            format!("磁盘空间已满，这次修改没有保存；请腾出空间后再试（{e}）")
        }
        Some(rusqlite::ErrorCode::ReadOnly) => {
            format!("数据库文件是只读的，这次修改没有保存（{e}）")
        }
        _ => e.to_string(),
    }
}

fn sqlite_code(e: &rusqlite::Error) -> ErrorCode {
    match sqlite_failure(e) {
        Some(rusqlite::ErrorCode::DiskFull) => ErrorCode::DiskFull,
        Some(rusqlite::ErrorCode::ReadOnly) => ErrorCode::ReadOnly,
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
            ErrorCode::DatabaseDamaged
        }
        _ => ErrorCode::Database,
    }
}

impl Error {
    pub fn invalid(field: &str, rule: FieldRule) -> Self {
        Error::Invalid(vec![FieldError {
            field: field.to_owned(),
            rule,
        }])
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Invalid(_) => ErrorCode::Invalid,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Duplicate { .. } => ErrorCode::Duplicate,
            Error::SeatCount(_) => ErrorCode::SeatCount,
            Error::SeatOtherBranch { .. } => ErrorCode::SeatOtherBranch,
            Error::SeatArchivedMember { .. } => ErrorCode::SeatArchivedMember,
            Error::SeatTwice { .. } => ErrorCode::SeatTwice,
            Error::MemberHoldsSeat { .. } => ErrorCode::MemberHoldsSeat,
            Error::InUse { .. } => ErrorCode::InUse,
            Error::MemberBoundToBranch { .. } => ErrorCode::MemberBoundToBranch,
            Error::RegisterNotEmpty => ErrorCode::RegisterNotEmpty,
            Error::ImportRows(_) => ErrorCode::ImportRows,
            Error::NotOnRoll { .. } => ErrorCode::NotOnRoll,
            Error::NotReadyToHold(_) => ErrorCode::NotReadyToHold,
            Error::BadTransition { .. } => ErrorCode::BadTransition,
            Error::BeforeItsDay { .. } => ErrorCode::BeforeItsDay,
            Error::ImportFile { .. } | Error::HolidayFile(_) => ErrorCode::ImportFile,
            Error::Sqlite(e) => sqlite_code(e),
            Error::SchemaTooNew { .. } => ErrorCode::Database,
            Error::File { source, .. } => io_code(source),
            // Without the file's name "not found" cannot say which: the general words.
            Error::Io(e) => match io_code(e) {
                ErrorCode::FileMissing => ErrorCode::Io,
                code => code,
            },
            Error::DatabaseReadOnly(_) => ErrorCode::ReadOnly,
            Error::Xlsx(_) => ErrorCode::Internal,
            Error::TeamSize { .. } => ErrorCode::TeamSize,
            Error::TeamMemberTaken { .. } => ErrorCode::TeamMemberTaken,
            Error::TeamMemberNotCapable { .. } => ErrorCode::TeamMemberNotCapable,
            Error::TeamMemberOtherBranch { .. } => ErrorCode::TeamMemberOtherBranch,
            Error::NotAnImage { .. } => ErrorCode::NotAnImage,
            Error::PathNotChosen { .. } => ErrorCode::PathNotChosen,
            Error::FileTooLarge { .. } => ErrorCode::FileTooLarge,
            Error::OutputIsDataFile { .. } => ErrorCode::OutputIsDataFile,
            Error::ReviewTransition { .. } => ErrorCode::ReviewTransition,
            Error::ReviewLocked => ErrorCode::ReviewLocked,
            Error::ReviewAltered(_) => ErrorCode::ReviewAltered,
            Error::TooManyBallots { .. } => ErrorCode::TooManyBallots,
            Error::LowTurnout { .. } => ErrorCode::LowTurnout,
            Error::BallotFile(_) => ErrorCode::BallotFile,
            Error::BranchNotInReview { .. } => ErrorCode::BranchNotInReview,
            Error::BranchesWithoutBallots(_) => ErrorCode::BranchesWithoutBallots,
            Error::NoCjkFont => ErrorCode::NoFont,
            Error::MissingGlyphs { .. } => ErrorCode::MissingGlyph,
            Error::Render(_) => ErrorCode::Internal,
            Error::ReviewNotFinalised { .. } => ErrorCode::ReviewNotFinalised,
            Error::NotABackup(_) => ErrorCode::NotABackup,
            Error::BackupDamaged(_) => ErrorCode::BackupDamaged,
            Error::BackupTooNew { .. } => ErrorCode::BackupTooNew,
            Error::DatabaseBusy => ErrorCode::DatabaseBusy,
            Error::BatchRunning => ErrorCode::BatchRunning,
            Error::NotAnExchange(_) => ErrorCode::NotAnExchange,
            Error::ExchangeDamaged(_) => ErrorCode::ExchangeDamaged,
            Error::ExchangeTooNew { .. } => ErrorCode::ExchangeTooNew,
            Error::ExchangeConflicts(_) => ErrorCode::ExchangeConflicts,
            Error::ExchangeRefused(_) => ErrorCode::ExchangeRefused,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// `value` when no field failed, else every field error at once (so a form marks them all).
pub fn valid<T>(value: T, errors: Vec<FieldError>) -> Result<T> {
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(Error::Invalid(errors))
    }
}

/// The error as it crosses IPC: a code for the UI to act on, a message for logs and the CLI,
/// and the field errors of a refused form.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub fields: Vec<FieldError>,
    /// What the error is about when the UI names it (the file that is not a photo).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub subject: Option<String>,
    /// With `MissingGlyph`: each character the printing font lacks and where it occurs.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub glyphs: Option<Vec<crate::print::GlyphGap>>,
    /// With `ImportFile` from the member import: why the file could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub import_reason: Option<crate::member_import::ImportFileReason>,
    /// With `ReviewAltered`: which review, which entry, and what differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub chain_break: Option<Box<crate::review::audit::ChainBreak>>,
    /// With `BallotFile`: every problem of the file, by row and column.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    // Boxed, as `chain_break`: rarely there, and the error crosses every command's result.
    pub sheet_problems: Option<Box<Vec<crate::review::sheets::SheetProblem>>>,
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        let fields = match &error {
            Error::Invalid(fields) => fields.clone(),
            _ => Vec::new(),
        };
        let subject = match &error {
            Error::NotAnImage { file }
            | Error::File { file, .. }
            | Error::FileTooLarge { file, .. }
            | Error::PathNotChosen { file }
            | Error::OutputIsDataFile { file } => Some(file.clone()),
            Error::MemberBoundToBranch { duty, .. } => Some(duty.clone()),
            Error::BeforeItsDay { date } => Some(date.to_string()),
            Error::LowTurnout {
                sheets, registered, ..
            } => Some(format!("{sheets} / {registered}")),
            // What in the exchange file is wrong or does not fit, shown after the lead-in.
            Error::ExchangeDamaged(what) | Error::ExchangeRefused(what) => Some(what.clone()),
            // The missing column's header (姓名, 支部), or the limit a file is over.
            Error::ImportFile {
                detail,
                reason: ImportFileReason::MissingColumn | ImportFileReason::TooLarge,
            } => Some(detail.clone()),
            _ => None,
        };
        let glyphs = match &error {
            Error::MissingGlyphs { gaps, .. } => Some(gaps.clone()),
            _ => None,
        };
        let import_reason = match &error {
            Error::ImportFile { reason, .. } => Some(*reason),
            _ => None,
        };
        let chain_break = match &error {
            Error::ReviewAltered(broken) => Some(broken.clone()),
            _ => None,
        };
        let sheet_problems = match &error {
            Error::BallotFile(problems) => Some(Box::new(problems.clone())),
            _ => None,
        };
        ApiError {
            code: error.code(),
            message: error.to_string(),
            fields,
            subject,
            glyphs,
            import_reason,
            chain_break,
            sheet_problems,
        }
    }
}
