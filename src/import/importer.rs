//! The one trait every file format implements, and what a reader is handed.
//!
//! A format answers three questions: does this content look like me ([`Importer::sniff`]),
//! how do I read it ([`Importer::read`]), and what does my tool's throughput mean
//! ([`Importer::throughput_definition`]). The list of formats, in detection order, is
//! [`super::registry::FORMATS`].

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

use super::text;
use crate::blocks::Source;
use crate::error::ImportError;
use crate::model::Run;

/// A file format gatebench reads.
pub trait Importer: Sync {
    /// The format's short name, as `--input-format` takes it (`wrk`, `hey-csv`).
    fn id(&self) -> &'static str;
    /// What the format is, for menus, help and the "not recognised" message.
    fn describe(&self) -> &'static str;
    /// The `tool` its runs carry ("wrk", "wrk2"); throughput definitions are looked up
    /// by it for runs read back from a tidy CSV. Formats that hold no throughput (a
    /// latency distribution alone) list none.
    fn tools(&self) -> &'static [&'static str];
    /// How the tool counts the throughput this format reports (see
    /// `docs/benchmark-formats.md`, "What throughput means").
    fn throughput_definition(&self) -> &'static str;
    /// Per-request files are streamed in blocks ([`Input::into_stream`]) rather than
    /// read whole, and are sniffed from their first bytes alone.
    fn per_request(&self) -> bool {
        false
    }
    /// Whether the content looks like this format. Detection asks every format in
    /// list order, twice: first with the file's first bytes only (`probe.text` is
    /// `None`; the per-request formats answer), then with the whole decoded text.
    fn sniff(&self, probe: &Probe<'_>) -> bool;
    /// Reads the runs of the file. Integration type and memory tier are filled from
    /// the file name afterwards wherever a run has neither.
    fn read(&self, input: Input<'_>) -> Result<Vec<Run>, ImportError>;
    /// What the user can set about this format that its files do not say (an
    /// HdrHistogram log's unit). The command line's flags, File > Open as and
    /// workspaces follow from this list; the reader gets the values through
    /// [`Input::setting`].
    fn options(&self) -> &'static [FormatOption] {
        &[]
    }
}

/// A setting of one format that its files do not carry, declared by its importer.
#[derive(Debug)]
pub struct FormatOption {
    /// The key in a workspace (`hlog_unit`); the command-line flag is the key with
    /// dashes (`--hlog-unit`). Unique across formats.
    pub key: &'static str,
    /// What it sets, for `--help`, menus and errors.
    pub describe: &'static str,
    /// The values it takes, each with what it means; the first is the default. For
    /// an option of free text, the values offered (File > Open as lists them).
    pub choices: &'static [(&'static str, &'static str)],
    /// For an option of free text (a pattern), what a value must be; else only the
    /// `choices` are taken.
    pub free_text: Option<TextCheck>,
}

/// What a free-text value of an option must be: `Ok`, or why not.
pub type TextCheck = fn(&str) -> Result<(), String>;

impl FormatOption {
    /// The command-line flag, without its dashes.
    pub fn flag(&self) -> String {
        self.key.replace('_', "-")
    }

    /// The value used when the user sets none.
    pub fn default_value(&self) -> &'static str {
        self.choices.first().map_or("", |c| c.0)
    }

    /// `value` if this option takes it, else why not.
    pub fn check(&self, value: &str) -> Result<(), String> {
        if self.choices.iter().any(|c| c.0 == value) {
            return Ok(());
        }
        if let Some(check) = self.free_text {
            return check(value).map_err(|e| format!("{} `{value}`: {e}", self.key));
        }
        let names: Vec<&str> = self.choices.iter().map(|c| c.0).collect();
        Err(format!(
            "{} `{value}`: expected one of {}",
            self.key,
            names.join(", ")
        ))
    }
}

/// The throughput of every per-request file: gatebench computes it.
pub const PER_REQUEST_THROUGHPUT: &str =
    "requests in the file ÷ (last request's end − first request's start)";

/// A format read whole as text: most summaries. Declared as a constant by its file.
pub struct TextFormat {
    pub id: &'static str,
    pub describe: &'static str,
    pub tools: &'static [&'static str],
    pub throughput_definition: &'static str,
    /// Whether the whole decoded text looks like this format.
    pub sniff: fn(&str) -> bool,
    pub parse: fn(&Path, &str) -> Result<Vec<Run>, ImportError>,
}

impl Importer for TextFormat {
    fn id(&self) -> &'static str {
        self.id
    }
    fn describe(&self) -> &'static str {
        self.describe
    }
    fn tools(&self) -> &'static [&'static str] {
        self.tools
    }
    fn throughput_definition(&self) -> &'static str {
        self.throughput_definition
    }
    fn sniff(&self, probe: &Probe<'_>) -> bool {
        probe.text.is_some_and(self.sniff)
    }
    fn read(&self, mut input: Input<'_>) -> Result<Vec<Run>, ImportError> {
        (self.parse)(input.path, input.text()?)
    }
}

/// A per-request format, streamed in blocks. Declared as a constant by its file.
pub struct StreamedFormat {
    pub id: &'static str,
    pub describe: &'static str,
    pub tools: &'static [&'static str],
    /// Usually [`PER_REQUEST_THROUGHPUT`].
    pub throughput_definition: &'static str,
    /// Whether the first bytes of a file look like this format.
    pub sniff: fn(&[u8]) -> bool,
    pub load: fn(Stream<'_>) -> Result<Vec<Run>, ImportError>,
    /// See [`Importer::options`].
    pub options: &'static [FormatOption],
}

impl Importer for StreamedFormat {
    fn id(&self) -> &'static str {
        self.id
    }
    fn describe(&self) -> &'static str {
        self.describe
    }
    fn tools(&self) -> &'static [&'static str] {
        self.tools
    }
    fn throughput_definition(&self) -> &'static str {
        self.throughput_definition
    }
    fn per_request(&self) -> bool {
        true
    }
    fn sniff(&self, probe: &Probe<'_>) -> bool {
        (self.sniff)(probe.head)
    }
    fn read(&self, input: Input<'_>) -> Result<Vec<Run>, ImportError> {
        (self.load)(input.into_stream())
    }
    fn options(&self) -> &'static [FormatOption] {
        self.options
    }
}

/// What detection looks at.
pub struct Probe<'a> {
    /// The first bytes of the file (up to 64 KiB), or of its decoded text.
    pub head: &'a [u8],
    /// The whole decoded text, in the second round of detection.
    pub text: Option<&'a str>,
}

/// A file being read: its name, its first bytes and the rest of it.
pub struct Input<'a> {
    pub path: &'a Path,
    /// The first bytes of the content (up to 64 KiB), for headers.
    pub head: &'a [u8],
    /// What the user set of the formats' options ([`super::Options`]).
    pub settings: &'a super::FormatSettings,
    /// Whether a streamed reader may use its fast path ([`super::Options`]).
    pub fast_paths: bool,
    body: Body<'a>,
    progress: &'a dyn Fn(f32),
}

enum Body<'a> {
    /// The content, decoded already (it was needed for detection).
    Text(Cow<'a, str>),
    /// The content from its first byte, this many bytes long as far as progress
    /// goes (`None`: not known ahead, see `blocks::Source::total`).
    Stream(Box<dyn Read + Send + 'a>, Option<u64>),
}

/// A per-request file to stream: its first bytes, for the header, and the whole of
/// it for the block reader.
pub struct Stream<'a> {
    pub head: &'a [u8],
    pub source: Source<'a>,
    /// The user's settings of the formats' options.
    pub settings: &'a super::FormatSettings,
}

impl<'a> Input<'a> {
    /// A file whose text is decoded already.
    pub fn text_of(path: &'a Path, head: &'a [u8], text: Cow<'a, str>) -> Self {
        Input {
            path,
            head,
            settings: super::FormatSettings::none(),
            fast_paths: true,
            body: Body::Text(text),
            progress: &|_| {},
        }
    }

    /// A file to stream: `reader` gives the content from its first byte.
    pub fn stream_of(
        path: &'a Path,
        head: &'a [u8],
        reader: Box<dyn Read + Send + 'a>,
        total: Option<u64>,
        progress: &'a dyn Fn(f32),
    ) -> Self {
        Input {
            path,
            head,
            settings: super::FormatSettings::none(),
            fast_paths: true,
            body: Body::Stream(reader, total),
            progress,
        }
    }

    /// The value of `option`: the user's, else its default.
    pub fn setting(&self, option: &FormatOption) -> &str {
        self.settings.get(option)
    }

    /// The whole content as text (UTF-8 or UTF-16 with a byte-order mark).
    pub fn text(&mut self) -> Result<&str, ImportError> {
        if let Body::Stream(reader, _) = &mut self.body {
            let text = text::read(self.path, self.head, reader.as_mut())?;
            self.body = Body::Text(Cow::Owned(text));
        }
        let Body::Text(text) = &self.body else {
            return Err(ImportError::file(
                self.path,
                "the file could not be read as text",
            ));
        };
        Ok(text)
    }

    /// The content as a stream for the block reader.
    pub fn into_stream(self) -> Stream<'a> {
        let (reader, total): (Box<dyn Read + Send + 'a>, Option<u64>) = match self.body {
            Body::Stream(reader, total) => (reader, total),
            Body::Text(text) => {
                let bytes = text.into_owned().into_bytes();
                let total = bytes.len() as u64;
                (Box::new(std::io::Cursor::new(bytes)), Some(total))
            }
        };
        Stream {
            head: self.head,
            settings: self.settings,
            source: Source {
                path: self.path,
                reader,
                total,
                progress: self.progress,
                fast_paths: self.fast_paths,
            },
        }
    }
}
