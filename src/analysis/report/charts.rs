//! The report's charts, drawn by `plotters` into SVG text. Without a font feature plotters
//! measures text by an estimate and writes it as SVG `<text>`, which the browser sets in its
//! own sans-serif: no font file is read or embedded. A chart that cannot be drawn is left out
//! (`None`); the tables still say everything.

use crate::analysis::{Comparison, Frame, Trends};
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const BLUE: RGBColor = RGBColor(31, 119, 180);
const ORANGE: RGBColor = RGBColor(230, 120, 20);
const GREY: RGBColor = RGBColor(120, 120, 120);
const FONT: &str = "sans-serif";

/// `x` against `y` over the rows having both, with the least-squares line.
pub(super) fn scatter(frame: &Frame, x: &str, y: &str) -> Option<String> {
    let points: Vec<(f64, f64)> = (frame.column(x).into_iter().zip(frame.column(y)))
        .filter_map(|(a, b)| Some((a?, b?)))
        .collect();
    if points.len() < 2 {
        return None;
    }
    let (x0, x1) = padded(points.iter().map(|p| p.0))?;
    let (y0, y1) = padded(points.iter().map(|p| p.1))?;
    let fit = least_squares(&points);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (600, 400)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let mut chart = ChartBuilder::on(&root)
            .caption(format!("{y} against {x}"), (FONT, 18))
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(64)
            .build_cartesian_2d(x0..x1, y0..y1)
            .ok()?;
        chart
            .configure_mesh()
            .x_desc(x)
            .y_desc(y)
            .light_line_style(RGBColor(246, 246, 246))
            .label_style((FONT, 12))
            .draw()
            .ok()?;
        let dots = points
            .iter()
            .map(|&p| Circle::new(p, 3, BLUE.mix(0.45).filled()));
        chart.draw_series(dots).ok()?;
        if let Some((a, b)) = fit {
            let line = [(x0, a + b * x0), (x1, a + b * x1)];
            let clipped = line.into_iter().map(|(x, y)| (x, y.clamp(y0, y1)));
            chart
                .draw_series(LineSeries::new(clipped, ORANGE.stroke_width(2)))
                .ok()?
                .label(format!("fit: {y} = {} + {} × {x}", short(a), short(b)))
                .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], ORANGE.stroke_width(2)));
            chart
                .configure_series_labels()
                .background_style(WHITE.mix(0.85))
                .border_style(GREY)
                .label_font((FONT, 12))
                .position(SeriesLabelPosition::UpperLeft)
                .draw()
                .ok()?;
        }
        root.present().ok()?;
    }
    Some(svg)
}

/// One bar per measure: how far the group's mean is from the baseline's, in percent.
pub(super) fn group_bars(c: &Comparison) -> Option<String> {
    let bars: Vec<(usize, &str, f64)> = (c.measures.iter().enumerate())
        .filter_map(|(i, m)| Some((i, m.measure.as_str(), m.relative? * 100.0)))
        .collect();
    if bars.is_empty() {
        return None;
    }
    let low = bars.iter().map(|b| b.2).fold(0.0_f64, f64::min);
    let high = bars.iter().map(|b| b.2).fold(0.0_f64, f64::max);
    let pad = ((high - low) * 0.15).max(1.0);
    let (y0, y1) = (
        if low < 0.0 { low - pad } else { 0.0 },
        if high > 0.0 { high + pad } else { 0.0 },
    );
    let n = c.measures.len();
    let names: Vec<&str> = c.measures.iter().map(|m| m.measure.as_str()).collect();
    let label = |v: &SegmentValue<usize>| match v {
        SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
            names.get(*i).map_or(String::new(), |s| s.to_string())
        }
        SegmentValue::Last => String::new(),
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (600, 340)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!("{} against {}: difference of the means", c.name, c.against),
                (FONT, 16),
            )
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d((0..n.saturating_sub(1)).into_segmented(), y0..y1)
            .ok()?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n)
            .x_label_formatter(&label)
            .y_label_formatter(&|v| format!("{v:.0}%"))
            .light_line_style(RGBColor(246, 246, 246))
            .label_style((FONT, 12))
            .draw()
            .ok()?;
        let rects = bars.iter().map(|&(i, _, v)| {
            let color = if v >= 0.0 { BLUE } else { ORANGE };
            let mut r = Rectangle::new(
                [
                    (SegmentValue::Exact(i), 0.0),
                    (SegmentValue::Exact(i + 1), v),
                ],
                color.filled(),
            );
            r.set_margin(0, 0, 24, 24);
            r
        });
        chart.draw_series(rects).ok()?;
        let above =
            TextStyle::from((FONT, 13).into_font()).pos(Pos::new(HPos::Center, VPos::Bottom));
        let below = above.pos(Pos::new(HPos::Center, VPos::Top));
        let texts = bars.iter().map(|&(i, _, v)| {
            let text = format!("{}{}%", if v > 0.0 { "+" } else { "" }, short(v));
            let style = if v >= 0.0 {
                above.clone()
            } else {
                below.clone()
            };
            Text::new(text, (SegmentValue::CenterOf(i), v), style)
        });
        chart.draw_series(texts).ok()?;
        root.present().ok()?;
    }
    Some(svg)
}

/// One trend figure's monthly mean (or the annualised attrition, `column = None`), with the
/// month of the change marked.
pub(super) fn trend(t: &Trends, column: Option<usize>) -> Option<String> {
    let (name, values): (&str, Vec<Option<f64>>) = match column {
        Some(i) => (
            t.columns.get(i)?,
            t.months
                .iter()
                .map(|m| m.means.get(i).copied().flatten())
                .collect(),
        ),
        None => (
            "yearly attrition (trailing 12 months, %)",
            t.months
                .iter()
                .map(|m| m.attrition.map(|a| a * 100.0))
                .collect(),
        ),
    };
    let points: Vec<(f64, f64)> = (values.iter().enumerate())
        .filter_map(|(i, v)| Some((i as f64, (*v)?)))
        .collect();
    if points.is_empty() {
        return None;
    }
    let (mut y0, y1) = padded(points.iter().map(|p| p.1))?;
    if column.is_none() {
        y0 = 0.0;
    }
    let n = t.months.len();
    let labels: Vec<String> = t.months.iter().map(|m| m.period.to_string()).collect();
    let label = |x: &f64| {
        let i = x.round();
        if (x - i).abs() < 1e-6 && i >= 0.0 {
            labels.get(i as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    let change = t
        .change
        .and_then(|c| t.months.iter().position(|m| m.period >= c));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (600, 300)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let x_range = -0.5..(n as f64 - 0.5);
        let mut chart = ChartBuilder::on(&root)
            .caption(format!("{name}, by month"), (FONT, 16))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(64)
            .build_cartesian_2d(x_range, y0..y1)
            .ok()?;
        chart
            .configure_mesh()
            .x_labels(n.min(8))
            .x_label_formatter(&label)
            .y_label_formatter(&|v| short(*v))
            .light_line_style(RGBColor(246, 246, 246))
            .label_style((FONT, 11))
            .draw()
            .ok()?;
        if let Some(c) = change {
            let x = c as f64 - 0.5;
            let mark = [(x, y0), (x, y1)];
            chart
                .draw_series(DashedLineSeries::new(mark, 6, 4, GREY.stroke_width(2)))
                .ok()?;
            let text = format!("change {}", labels.get(c).map_or("", String::as_str));
            chart
                .draw_series([Text::new(text, (x + 0.2, y1), (FONT, 12).into_font())])
                .ok()?;
        }
        chart
            .draw_series(LineSeries::new(points.clone(), BLUE.stroke_width(2)))
            .ok()?;
        chart
            .draw_series(points.iter().map(|&p| Circle::new(p, 3, BLUE.filled())))
            .ok()?;
        root.present().ok()?;
    }
    Some(svg)
}

/// The range of `xs` with a margin of 5% each side (1 when they are all equal).
fn padded(xs: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let (lo, hi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), x| {
        (l.min(x), h.max(x))
    });
    if !lo.is_finite() || !hi.is_finite() {
        return None;
    }
    let pad = if hi > lo { (hi - lo) * 0.05 } else { 1.0 };
    Some((lo - pad, hi + pad))
}

/// Intercept and slope of the least-squares line through `points`.
fn least_squares(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    let n = points.len() as f64;
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    (sxx > 0.0).then(|| (my - sxy / sxx * mx, sxy / sxx))
}

fn short(x: f64) -> String {
    super::sig4(x)
}
