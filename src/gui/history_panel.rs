//! The History tab: a history database opened (a file or a PostgreSQL URL), a
//! series and a metric picked, the trend chart with its segments and change
//! points; a click on a record loads its run into Results, and "Compare segments"
//! puts the segments on either side of a change there as two groups.

use serde::{Deserialize, Serialize};

use super::commands::Command;
use crate::charts::view::{ChartViews, ViewMode};
use crate::history::analyze::{self, SeriesAnalysis};
use crate::history::change_points::Params;
use crate::history::record::run_of;
use crate::history::{Metric, Record, trend};
use crate::render::draw::{ViewSlot, line_chart_picked};

/// What the tab keeps: the database, series and metric (in the window's state);
/// the records read, the analysis and the chart's view (not kept).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HistoryPanel {
    pub db: String,
    pub series: Option<String>,
    pub metric: Option<String>,
    /// The x axis: time or builds; `None` follows the records
    /// ([`trend::TrendX::auto`]).
    pub by: Option<trend::TrendX>,
    /// True once the database named at start (`GATEBENCH_HISTORY`, else the sample
    /// history) was asked for: it opens at once, not on a click.
    #[serde(skip)]
    asked: bool,
    #[serde(skip)]
    loaded: Option<Loaded>,
    #[serde(skip)]
    error: Option<String>,
    #[serde(skip)]
    views: ChartViews,
    /// The analysis shown, and what it was computed for.
    #[serde(skip)]
    analysis: Option<(AnalysisKey, SeriesAnalysis)>,
}

/// Equal when what is kept is: the records read and the analysis are made again.
impl PartialEq for HistoryPanel {
    fn eq(&self, other: &Self) -> bool {
        (&self.db, &self.series, &self.metric) == (&other.db, &other.series, &other.metric)
    }
}

#[derive(Debug, Clone, PartialEq)]
struct AnalysisKey {
    series: String,
    metric: Metric,
    noise_pct: f64,
}

/// The records of the database opened.
#[derive(Debug, Clone)]
struct Loaded {
    db: String,
    records: Vec<Record>,
    series: Vec<String>,
}

impl HistoryPanel {
    /// The records of `db` arrived (or why not).
    pub fn loaded(&mut self, db: String, records: Result<Vec<Record>, String>) {
        self.analysis = None;
        match records {
            Ok(records) => {
                let mut series: Vec<String> =
                    records.iter().map(|r| r.new.series.clone()).collect();
                series.sort_unstable();
                series.dedup();
                if self.series.as_ref().is_none_or(|s| !series.contains(s)) {
                    self.series = series.first().cloned();
                }
                self.error = None;
                self.loaded = Some(Loaded {
                    db,
                    records,
                    series,
                });
            }
            Err(e) => self.error = Some(e),
        }
    }

    fn metric(&self) -> Metric {
        self.metric
            .as_deref()
            .and_then(Metric::by_name)
            .unwrap_or(Metric::LatencyP99Ms)
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, noise_pct: f64, loading: bool) -> Vec<Command> {
        let mut commands = Vec::new();
        // As the command line: `GATEBENCH_HISTORY` when none was given; else the
        // bundled sample history. Either opens at once.
        if self.db.is_empty() && self.loaded.is_none() && self.error.is_none() {
            self.db = std::env::var("GATEBENCH_HISTORY")
                .ok()
                .filter(|d| !d.trim().is_empty())
                .or_else(|| {
                    crate::import::inputs::sample_history().map(|p| p.display().to_string())
                })
                .unwrap_or_default();
        }
        if !self.asked && !loading && self.loaded.is_none() && !self.db.trim().is_empty() {
            self.asked = true;
            commands.push(Command::OpenHistory(self.db.trim().to_owned()));
        }
        ui.horizontal(|ui| {
            ui.label("History");
            let field = ui.add(
                egui::TextEdit::singleline(&mut self.db)
                    .hint_text("runs.db, or postgres://user@host/db")
                    .desired_width(380.0),
            );
            field.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, "history database")
            });
            let go = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let open = ui
                .add_enabled(
                    !self.db.trim().is_empty() && !loading,
                    egui::Button::new("Open"),
                )
                .on_hover_text("Read the history (gatebench history record writes it)");
            if (open.clicked() || go) && !self.db.trim().is_empty() {
                commands.push(Command::OpenHistory(self.db.trim().to_owned()));
            }
            if loading {
                ui.spinner();
            }
        });
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        let Some(loaded) = &self.loaded else {
            ui.weak(
                "Open a history database: `gatebench history record --db runs.db --series \
                 NAME FILES...` makes one (README, \"History\").",
            );
            return commands;
        };
        if loaded.series.is_empty() {
            ui.weak(format!("{}: no record yet", loaded.db));
            return commands;
        }
        let mut series = self.series.clone().unwrap_or_default();
        let mut metric = self.metric();
        let of_current: Vec<&Record> = loaded
            .records
            .iter()
            .filter(|r| r.new.series == series)
            .collect();
        let by_auto = trend::TrendX::auto(&of_current);
        ui.horizontal(|ui| {
            egui::ComboBox::from_label("series")
                .selected_text(&series)
                .show_ui(ui, |ui| {
                    for s in &loaded.series {
                        ui.selectable_value(&mut series, s.clone(), s);
                    }
                });
            egui::ComboBox::from_label("metric")
                .selected_text(metric.name())
                .show_ui(ui, |ui| {
                    for m in Metric::ALL {
                        ui.selectable_value(&mut metric, m, m.name());
                    }
                });
            let auto = match by_auto {
                trend::TrendX::Builds => "builds",
                trend::TrendX::Time => "time",
            };
            egui::ComboBox::from_label("x axis")
                .selected_text(match self.by {
                    None => format!("auto ({auto})"),
                    Some(trend::TrendX::Builds) => "builds (commit order)".into(),
                    Some(trend::TrendX::Time) => "time".into(),
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.by, None, format!("auto ({auto})"));
                    ui.selectable_value(
                        &mut self.by,
                        Some(trend::TrendX::Builds),
                        "builds (commit order)",
                    );
                    ui.selectable_value(&mut self.by, Some(trend::TrendX::Time), "time");
                })
                .response
                .on_hover_text(
                    "Builds: each commit in the order of its first record, as a CI history \
                     reads; time: days since the first record",
                );
            ui.weak(format!(
                "{} record(s) in {} series, noise threshold {noise_pct}% (Results)",
                loaded.records.len(),
                loaded.series.len()
            ));
        });
        self.series = Some(series.clone());
        self.metric = Some(metric.name().to_owned());
        let key = AnalysisKey {
            series: series.clone(),
            metric,
            noise_pct,
        };
        let of_series: Vec<&Record> = loaded
            .records
            .iter()
            .filter(|r| r.new.series == series)
            .collect();
        if self.analysis.as_ref().is_none_or(|(k, _)| *k != key) {
            let records: Vec<Record> = of_series.iter().map(|r| (*r).clone()).collect();
            let params = Params {
                min_magnitude: noise_pct / 100.0,
                ..Params::default()
            };
            let analysis = analyze::analyze(&records, &[metric], &params).pop();
            self.analysis = analysis.map(|a| (key, a));
        }
        let Some((_, analysis)) = &self.analysis else {
            ui.weak("No record of this series has this metric.");
            return commands;
        };
        let chart = trend::chart(analysis, &of_series, noise_pct, self.by);
        let height = (ui.available_height() - 150.0).max(200.0);
        let picked = ui
            .allocate_ui(egui::vec2(ui.available_width(), height), |ui| {
                line_chart_picked(
                    ui,
                    "history",
                    &chart,
                    ViewSlot::of(&mut self.views, "history", ViewMode::Window),
                )
            })
            .inner;
        if let Some(i) = picked {
            let run = run_of(of_series[analysis.values[i].0], None);
            commands.push(Command::Notice(format!(
                "{} loaded into Results",
                run.label
            )));
            commands.push(Command::AddRuns(vec![run]));
        }
        ui.separator();
        if analysis.change_points.is_empty() {
            ui.weak("No change point: the series is one segment.");
        }
        egui::ScrollArea::vertical().show(ui, |ui| {
            for c in &analysis.change_points {
                ui.horizontal(|ui| {
                    let commit = c.commit.clone().unwrap_or_else(|| c.at.clone());
                    ui.label(format!(
                        "{commit} at {}: {} {} ({} to {}, p = {:.1e}, n = {} | {})",
                        c.at,
                        c.direction,
                        crate::format::signed_pct(c.change_pct),
                        analysis.kind.show(c.before.mean),
                        analysis.kind.show(c.after.mean),
                        c.p_value,
                        c.before.n,
                        c.after.n
                    ));
                    if ui
                        .button("Compare segments")
                        .on_hover_text(
                            "Put the records before and after this change into Results as two \
                             groups: their intervals and verdict",
                        )
                        .clicked()
                    {
                        let mut runs = Vec::new();
                        for (side, segment) in [("before", &c.before), ("after", &c.after)] {
                            let group = format!("{} {side} {commit}", analysis.name);
                            for &(i, _) in analysis
                                .values
                                .iter()
                                .filter(|(i, _)| (segment.first..=segment.last).contains(i))
                            {
                                runs.push(run_of(of_series[i], Some(group.clone())));
                            }
                        }
                        commands.push(Command::AddRuns(runs));
                        commands.push(Command::ShowTab(super::vocabulary::Tab::Results));
                    }
                });
            }
        });
        commands
    }
}
