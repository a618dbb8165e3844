//! The geometry of the theme's inline SVG charts, worked out at build time so that pages need
//! no script: a status strip (one cell per report) and a bar per report of how many key results
//! stand in each status. Templates draw the shapes; each chart also gets a text alternative.

use super::views::{BarChartView, BarRow, BarSegment, StripCell, StripView};

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
}
