//! How Vitrine's e-mails look: each is written once as blocks, then shown twice, as its text
//! part and as its HTML part, so that both always say the same (the withdrawal form, the
//! amounts). The HTML is one layout in the shop's colour with its logo and name, built from
//! tables and inline styles as mail programs need; each address that has a button (the order's
//! page, a password link) becomes one, with the address itself beneath for mail programs that
//! show no buttons.

use askama::Template;
use domain::locale::Lang;
use domain::theme::{contrast_ratio, readable_on, Color};

/// The look of a shop's e-mails.
#[derive(Debug, Clone)]
pub struct Brand {
    pub name: String,
    pub color: Color,
    /// The shop's logo (a PNG) by its full address, if it has one.
    pub logo: Option<String>,
    /// The shop's home page, by its full address.
    pub home: String,
}

impl Brand {
    /// `root`: the shop's address (origin and path, no trailing slash), e.g.
    /// `https://vitrine.example/s/fromagerie` or `https://fromagerie.example`.
    pub fn of(shop: &store::shop::Shop, root: &str) -> Brand {
        let root = root.trim_end_matches('/');
        Brand {
            name: shop.name.clone(),
            color: Color::parse(&shop.color_primary).unwrap_or(DEFAULT_COLOR),
            logo: shop
                .logo_key
                .as_deref()
                .map(|k| format!("{root}/media/{}", k.rsplit('/').next().unwrap_or(k))),
            home: format!("{root}/"),
        }
    }
}

const DEFAULT_COLOR: Color = Color {
    r: 0x1d,
    g: 0x4e,
    b: 0xd8,
};

/// One part of an e-mail.
#[derive(Debug, Clone)]
pub enum Block {
    /// Paragraphs of a message, a blank line between them. In HTML, lines starting with "— "
    /// make a list, lines indented by two spaces a framed block (an address, a quoted gift
    /// message), and a line ending in an address that has a button gives way to the button.
    Text(String),
    /// A table of amounts: what was ordered, delivery, taxes, the total.
    Amounts(Vec<Amount>),
    /// The model withdrawal form: a title, a note in brackets, "— " lines (those ending with
    /// a colon, after the first which names the seller, are left blank to fill in) and a footnote.
    Form(String),
}

#[derive(Debug, Clone)]
pub struct Amount {
    pub label: String,
    /// Under the label, smaller (a variant's options).
    pub detail: String,
    pub amount: String,
    /// The total, in bold.
    pub strong: bool,
}

pub struct Letter<'a> {
    pub brand: &'a Brand,
    pub lang: Lang,
    pub subject: String,
    pub blocks: Vec<Block>,
    /// (address, label): the addresses shown as buttons.
    pub buttons: Vec<(String, String)>,
}

impl Letter<'_> {
    pub fn message(&self, to: &str) -> store::outbox::EmailMessage {
        store::outbox::EmailMessage {
            to: to.to_string(),
            subject: self.subject.clone(),
            text: self.text(),
            html: Some(self.html()),
            attachments: Vec::new(),
            unsubscribe: None,
        }
    }

    /// The text part.
    pub fn text(&self) -> String {
        let parts: Vec<String> = self
            .blocks
            .iter()
            .map(|b| match b {
                Block::Text(t) | Block::Form(t) => t.trim_matches('\n').to_string(),
                Block::Amounts(rows) => rows
                    .iter()
                    .map(|r| {
                        if r.detail.is_empty() {
                            format!("{} — {}", r.label, r.amount)
                        } else {
                            format!("{} ({}) — {}", r.label, r.detail, r.amount)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            })
            .filter(|t| !t.is_empty())
            .collect();
        parts.join("\n\n")
    }

    /// The HTML part.
    pub fn html(&self) -> String {
        let on_color = readable_on(self.brand.color);
        // Links in the text take the shop's colour when it reads on white.
        let link = if contrast_ratio(self.brand.color, Color::WHITE) >= 4.5 {
            self.brand.color
        } else {
            DEFAULT_COLOR
        };
        let page = LetterHtml {
            lang: self.lang.as_str(),
            subject: &self.subject,
            brand: self.brand,
            color: self.brand.color.to_hex(),
            on_color: on_color.to_hex(),
            link: link.to_hex(),
            parts: self.blocks.iter().flat_map(|b| self.parts(b)).collect(),
        };
        // The template has no fallible filter: rendering only fails on a write error.
        page.render().unwrap_or_default()
    }

    fn button(&self, url: &str) -> Option<&str> {
        self.buttons
            .iter()
            .find(|(u, _)| u == url)
            .map(|(_, l)| l.as_str())
    }

    fn parts(&self, block: &Block) -> Vec<Part> {
        match block {
            Block::Amounts(rows) => vec![Part::Amounts(rows.clone())],
            Block::Form(text) => vec![Part::Form(form(text))],
            Block::Text(text) => {
                let mut out = Vec::new();
                for para in text.replace("\r\n", "\n").split("\n\n") {
                    let mut group = Group::default();
                    for line in para.lines() {
                        if let Some(rest) = line.strip_prefix("  ") {
                            group.push(&mut out, Kind::Framed, spans(rest.trim()));
                        } else if let Some(rest) = line.strip_prefix("— ") {
                            group.push(&mut out, Kind::List, spans(rest));
                        } else if let Some((lead, url, label)) = self.action(line) {
                            if !lead.is_empty() {
                                group.push(&mut out, Kind::Para, spans(lead));
                            }
                            group.flush(&mut out);
                            out.push(Part::Button {
                                label: label.to_string(),
                                url: url.to_string(),
                            });
                        } else if !line.trim().is_empty() {
                            group.push(&mut out, Kind::Para, spans(line));
                        }
                    }
                    group.flush(&mut out);
                }
                out
            }
        }
    }

    /// A line that ends with an address that has a button: (what comes before it, the address,
    /// the button's label).
    fn action<'l>(&'l self, line: &'l str) -> Option<(&'l str, &'l str, &'l str)> {
        let line = line.trim_end();
        let at = line.rfind(' ').map_or(0, |i| i + 1);
        let url = &line[at..];
        let label = self.button(url)?;
        Some((line[..at].trim_end(), url, label))
    }
}

/// The model form, as its message is written (see `email-withdrawal-form`).
fn form(text: &str) -> FormView {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let title = lines.next().unwrap_or_default().to_string();
    let mut note = String::new();
    let mut rows = Vec::new();
    let mut footnote = String::new();
    for l in lines {
        if let Some(rest) = l.strip_prefix("— ") {
            // The first row names the seller; the fields to fill in end with a colon.
            rows.push(FormRow {
                blank: !rows.is_empty() && rest.ends_with(':'),
                text: rest.to_string(),
            });
        } else if rows.is_empty() {
            note = l.to_string();
        } else {
            footnote = l.to_string();
        }
    }
    FormView {
        title,
        note,
        rows,
        footnote,
    }
}

/// A line's words, its web addresses made links.
fn spans(line: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut text = String::new();
    for (i, w) in line.split(' ').enumerate() {
        let url = w.trim_end_matches(['.', ',', ';', ')']);
        if i > 0 {
            text.push(' ');
        }
        if (url.starts_with("https://") || url.starts_with("http://")) && url.len() > 8 {
            if !text.is_empty() {
                out.push(Span::Text(std::mem::take(&mut text)));
            }
            out.push(Span::Link(url.to_string()));
            text.push_str(&w[url.len()..]);
        } else {
            text.push_str(w);
        }
    }
    if !text.is_empty() {
        out.push(Span::Text(text));
    }
    out
}

#[derive(Default, PartialEq, Clone, Copy)]
enum Kind {
    #[default]
    Para,
    List,
    Framed,
}

/// Consecutive lines of one kind, made one part.
#[derive(Default)]
struct Group {
    kind: Kind,
    lines: Vec<Vec<Span>>,
}

impl Group {
    fn push(&mut self, out: &mut Vec<Part>, kind: Kind, line: Vec<Span>) {
        if kind != self.kind {
            self.flush(out);
            self.kind = kind;
        }
        self.lines.push(line);
    }

    fn flush(&mut self, out: &mut Vec<Part>) {
        if self.lines.is_empty() {
            return;
        }
        let lines = std::mem::take(&mut self.lines);
        out.push(match self.kind {
            Kind::Para => Part::Para(lines),
            Kind::List => Part::List(lines),
            Kind::Framed => Part::Framed(lines),
        });
    }
}

pub enum Span {
    Text(String),
    Link(String),
}

pub struct FormRow {
    text: String,
    blank: bool,
}

pub struct FormView {
    title: String,
    note: String,
    rows: Vec<FormRow>,
    footnote: String,
}

pub enum Part {
    Para(Vec<Vec<Span>>),
    List(Vec<Vec<Span>>),
    Framed(Vec<Vec<Span>>),
    Button { label: String, url: String },
    Amounts(Vec<Amount>),
    Form(FormView),
}

#[derive(Template)]
#[template(path = "email/letter.html")]
struct LetterHtml<'a> {
    lang: &'a str,
    subject: &'a str,
    brand: &'a Brand,
    color: String,
    on_color: String,
    link: String,
    parts: Vec<Part>,
}
