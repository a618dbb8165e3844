//! The geometry of the theme's inline SVG charts, worked out at build time so that pages need
//! no script: a status strip (one cell per report), a bar per report of how many key results
//! stand in each status, and a grid of months (reporting cadence). Templates draw the shapes;
//! each chart also gets a text alternative.

use super::views::{
    BarChartView, BarRow, BarSegment, GridCell, GridChartView, GridRow, GridText, StripCell,
    StripView,
};

const CELL: u32 = 64;
const GAP: u32 = 4;
const CELL_HEIGHT: u32 = 24;
const LABEL_HEIGHT: u32 = 20;

/// One cell of a strip: its CSS status slug (`none` where the report gives no status) and
/// the short text under it.
pub struct Cell {
    pub slug: &'static str,
    pub text: String,
}

pub fn strip(label: String, cells: Vec<Cell>) -> StripView {
    let count = u32::try_from(cells.len()).unwrap_or(u32::MAX);
    StripView {
        label,
        width: (count.saturating_mul(CELL + GAP))
            .saturating_sub(GAP)
            .max(CELL),
        height: CELL_HEIGHT + LABEL_HEIGHT,
        cell_height: CELL_HEIGHT,
        text_y: CELL_HEIGHT + LABEL_HEIGHT - 5,
        cells: cells
            .into_iter()
            .zip(0u32..)
            .map(|(cell, i)| {
                let x = i.saturating_mul(CELL + GAP);
                StripCell {
                    x,
                    width: CELL,
                    text_x: x + CELL / 2,
                    slug: cell.slug,
                    text: cell.text,
                }
            })
            .collect(),
    }
}

const LABEL_WIDTH: u32 = 72;
const BAR_WIDTH: u32 = 480;
const BAR_HEIGHT: u32 = 22;
const ROW_GAP: u32 = 8;

/// One bar: its label and `(status slug, count)` segments in display order.
pub struct Bar {
    pub text: String,
    pub segments: Vec<(&'static str, usize)>,
}

/// Horizontal stacked bars, one per row, each as wide as the chart: the segments share the
/// bar by count, so bars of years with different numbers of key results compare as shares.
pub fn bars(label: String, bars: Vec<Bar>) -> BarChartView {
    let rows: Vec<BarRow> = bars
        .into_iter()
        .zip(0u32..)
        .map(|(bar, i)| {
            let y = i * (BAR_HEIGHT + ROW_GAP);
            let total: usize = bar.segments.iter().map(|(_, n)| n).sum();
            let mut x = LABEL_WIDTH;
            let mut done = 0;
            let segments = bar
                .segments
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .map(|(slug, count)| {
                    done += count;
                    // Ends are placed by the running total, so rounding never leaves a gap.
                    let end = LABEL_WIDTH + share(done, total);
                    let segment = BarSegment {
                        x,
                        width: end - x,
                        slug,
                        count,
                    };
                    x = end;
                    segment
                })
                .collect();
            BarRow {
                y,
                text_y: y + BAR_HEIGHT - 6,
                text: bar.text,
                segments,
            }
        })
        .collect();
    let count = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    BarChartView {
        label,
        width: LABEL_WIDTH + BAR_WIDTH,
        height: (count.saturating_mul(BAR_HEIGHT + ROW_GAP))
            .saturating_sub(ROW_GAP)
            .max(BAR_HEIGHT),
        bar_height: BAR_HEIGHT,
        rows,
    }
}

fn share(part: usize, total: usize) -> u32 {
    if total == 0 {
        return 0;
    }
    let scaled = (part as u64 * u64::from(BAR_WIDTH) + total as u64 / 2) / total as u64;
    u32::try_from(scaled).unwrap_or(BAR_WIDTH)
}

const GRID_CELL: u32 = 26;
const GRID_CELL_HEIGHT: u32 = 18;
const GRID_GAP: u32 = 4;
const GRID_HEADER: u32 = 32;
/// Row labels are cut to this many characters, at about 7 px each, so long grantee names
/// (`Erlang Ecosystem Foundation, Inc. (EEF)`) leave the months room; tables carry them whole.
const GRID_LABEL_CHARS: usize = 24;
const GRID_CHAR_WIDTH: u32 = 7;

/// One column of a grid: its short month name and, where a year starts, the year.
pub struct Column {
    pub text: String,
    pub year: Option<String>,
}

/// One row: its label and a cell slug per column; `inactive` cells are not drawn.
pub struct Row {
    pub text: String,
    pub cells: Vec<&'static str>,
}

pub fn grid(columns: Vec<Column>, rows: Vec<Row>) -> GridChartView {
    let label_chars = rows
        .iter()
        .map(|r| r.text.chars().count().min(GRID_LABEL_CHARS + 1))
        .max()
        .unwrap_or(0);
    let left = u32::try_from(label_chars).unwrap_or(0) * GRID_CHAR_WIDTH + GRID_GAP * 2;
    let pitch = GRID_CELL + GRID_GAP;
    let x_of = |i: u32| left + i.saturating_mul(pitch);
    let mut header = Vec::new();
    for (column, i) in columns.iter().zip(0u32..) {
        let x = x_of(i);
        header.push(GridText {
            x,
            y: GRID_HEADER - 6,
            text: column.text.clone(),
        });
        if let Some(year) = &column.year {
            header.push(GridText {
                x,
                y: 12,
                text: year.clone(),
            });
        }
    }
    let row_pitch = GRID_CELL_HEIGHT + GRID_GAP;
    let rows: Vec<GridRow> = rows
        .into_iter()
        .zip(0u32..)
        .map(|(row, i)| {
            let y = GRID_HEADER + i.saturating_mul(row_pitch);
            GridRow {
                y,
                text_y: y + GRID_CELL_HEIGHT - 5,
                text: cut(&row.text),
                cells: row
                    .cells
                    .into_iter()
                    .zip(0u32..)
                    .filter(|(slug, _)| *slug != "inactive")
                    .map(|(slug, i)| GridCell { x: x_of(i), slug })
                    .collect(),
            }
        })
        .collect();
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    GridChartView {
        width: x_of(count(columns.len())).saturating_sub(GRID_GAP),
        height: GRID_HEADER + count(rows.len()).saturating_mul(row_pitch),
        cell_width: GRID_CELL,
        cell_height: GRID_CELL_HEIGHT,
        header,
        rows,
    }
}

fn cut(text: &str) -> String {
    if text.chars().count() <= GRID_LABEL_CHARS {
        return text.to_string();
    }
    let kept: String = text.chars().take(GRID_LABEL_CHARS - 1).collect();
    format!("{}…", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_strip_has_a_cell_per_report_side_by_side() {
        let cells = ["on-target", "none"].map(|slug| Cell {
            slug,
            text: slug.into(),
        });
        let s = strip("label".into(), cells.into());
        assert_eq!(s.cells.len(), 2);
        assert_eq!((s.cells[0].x, s.cells[1].x), (0, CELL + GAP));
        assert_eq!(s.width, 2 * CELL + GAP);
    }

    #[test]
    fn bar_segments_fill_the_bar_without_gaps() {
        let bar = Bar {
            text: "2024-09".into(),
            segments: vec![
                ("on-target", 8),
                ("at-risk", 0),
                ("not-started", 2),
                ("completed", 1),
            ],
        };
        let chart = bars("label".into(), vec![bar]);
        let segments = &chart.rows[0].segments;
        assert_eq!(segments.len(), 3, "empty statuses draw nothing");
        assert_eq!(segments[0].x, LABEL_WIDTH);
        for pair in segments.windows(2) {
            assert_eq!(pair[0].x + pair[0].width, pair[1].x);
        }
        let last = &segments[2];
        assert_eq!(last.x + last.width, LABEL_WIDTH + BAR_WIDTH);
    }

    #[test]
    fn a_grid_draws_a_cell_per_active_month_beside_cut_labels() {
        let columns = ["Jan", "Feb", "Mar"].map(|text| Column {
            text: text.into(),
            year: None,
        });
        let rows = vec![
            Row {
                text: "Erlang Ecosystem Foundation, Inc. (EEF)".into(),
                cells: vec!["inactive", "present", "missing"],
            },
            Row {
                text: "PSF".into(),
                cells: vec!["present", "present", "present"],
            },
        ];
        let g = grid(columns.into(), rows);
        assert_eq!(g.rows[0].text.chars().count(), GRID_LABEL_CHARS);
        assert!(g.rows[0].text.ends_with('…'));
        assert_eq!(g.rows[0].cells.len(), 2, "inactive months are blank");
        assert_eq!(
            g.rows[0].cells[0].x, g.rows[1].cells[1].x,
            "columns line up"
        );
        let last = &g.rows[1].cells[2];
        assert_eq!(last.x + GRID_CELL, g.width);
        assert_eq!(g.rows[1].y + GRID_CELL_HEIGHT + GRID_GAP, g.height);
    }
}
