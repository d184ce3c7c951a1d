//! An SVG drawn as PNG on the CPU: usvg reads it (with the bundled font, and no
//! other), resvg draws it with tiny-skia, and tiny-skia encodes the PNG. No GPU, in
//! both builds.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use super::font;

/// Why an SVG could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum RasterError {
    #[error("the SVG cannot be read: {0}")]
    Parse(String),
    #[error("{0} x {1} px is not a size a PNG can have")]
    Size(u32, u32),
    #[error("cannot encode the PNG: {0}")]
    Encode(String),
}

/// The fonts the charts are drawn with: the bundled one, as every family.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_font_data(font::BYTES.to_vec());
            db.set_sans_serif_family(font::NAME);
            db.set_serif_family(font::NAME);
            Arc::new(db)
        })
        .clone()
}

/// Reads `svg` as usvg does before drawing it: the check that a chart's SVG is
/// valid, for the tests too.
pub fn parse(svg: &str) -> Result<usvg::Tree, RasterError> {
    let options = usvg::Options {
        fontdb: fonts(),
        font_family: font::NAME.to_owned(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| RasterError::Parse(e.to_string()))
}

/// `svg` drawn at `scale` pixels per SVG unit (premultiplied RGBA): an SVG of
/// 800 x 500 at scale 2 is 1600 x 1000 pixels.
pub fn pixmap(svg: &str, scale: f32) -> Result<tiny_skia::Pixmap, RasterError> {
    let tree = parse(svg)?;
    let size = tree.size();
    let (w, h) = (
        (size.width() * scale).round() as u32,
        (size.height() * scale).round() as u32,
    );
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or(RasterError::Size(w, h))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// The PNG of `svg` at `scale` pixels per SVG unit.
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, RasterError> {
    pixmap(svg, scale)?
        .encode_png()
        .map_err(|e| RasterError::Encode(e.to_string()))
}
