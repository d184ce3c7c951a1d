//! The Memory advisor tab: the strategy, the objective and the peak on the left; one
//! row per memory size, the steps between sizes and the cost-against-latency chart on
//! the right. It takes the loaded Lambda runs and Power Tuning files, and the planner's
//! subnets and prices.

use egui::{RichText, TextEdit};
use serde::{Deserialize, Serialize};

use super::commands::Command;
use crate::analysis::advisor::{self, Question, Source};
use crate::analysis::advisor_form::{AdvisorErrors, AdvisorForm, STRATEGIES};
use crate::analysis::compare::Settings;
use crate::capacity::cost::Prices;
use crate::capacity::form::PlannerForm;
use crate::charts;
use crate::charts::view::{PlotView, ViewMode};
use crate::import::power_tuning;
use crate::model::Run;
use crate::present::advisor as words;
use crate::render;

/// The advisor's inputs, as typed (the same form `gatebench advise` fills), the
/// URL being pasted and the chart's zoom.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AdvisorPanel {
    #[serde(flatten)]
    pub form: AdvisorForm,
    /// A Power Tuning visualization URL being pasted.
    #[serde(skip)]
    pub url: String,
    pub chart_view: PlotView,
}

impl AdvisorPanel {
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        runs: &[Run],
        planner: &PlannerForm,
        prices: &Prices,
        settings: Settings,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        let checked = self.form.evaluate();
        egui::Panel::left("advisor inputs")
            .resizable(true)
            .default_size(330.0)
            .show(ui, |ui| {
                self.inputs(ui, checked.as_ref().err(), &mut commands)
            });
        let subnets = planner
            .evaluate()
            .map(|input| input.subnets)
            .unwrap_or_default();
        let divisor = planner.divisor;
        egui::CentralPanel::default().show(ui, |ui| {
            let Ok(input) = checked else {
                ui.heading("Fix the inputs to see the advice");
                return;
            };
            let slo = input.slo_p99_ms;
            let question = Question {
                strategy: input.strategy,
                slo_p99_ms: slo,
                peak_rps: input.peak_rps,
                subnets: &subnets,
                divisor,
                prices,
                settings,
            };
            let Some(advice) = advisor::advise(runs, &question) else {
                ui.weak(
                    "Load runs of a Lambda integration with a memory tier (such as \
                     apigw-lambda-512.txt), or a Power Tuning file or URL.",
                );
                return;
            };
            egui::ScrollArea::vertical()
                .id_salt("advisor results")
                .show(ui, |ui| {
                    let width = ui.available_width();
                    ui.heading(words::recommendation(&advice, slo));
                    egui::ScrollArea::horizontal()
                        .id_salt("advisor table")
                        .show(ui, |ui| {
                            egui::Grid::new("advisor tiers")
                                .striped(true)
                                .show(ui, |ui| {
                                    for h in words::COLUMNS {
                                        ui.label(RichText::new(h).strong());
                                    }
                                    ui.end_row();
                                    for t in &advice.tiers {
                                        let chosen = Some(t.memory_mb) == advice.recommended_mb
                                            && Some(t.source) == advice.recommended_source;
                                        for (i, cell) in
                                            words::row(t, chosen).into_iter().enumerate()
                                        {
                                            if chosen && i == 0 {
                                                ui.label(RichText::new(cell).strong());
                                            } else {
                                                ui.label(cell);
                                            }
                                        }
                                        ui.end_row();
                                    }
                                });
                        });
                    ui.weak("* recommended");
                    for step in &advice.steps {
                        ui.label(step.sentence());
                    }
                    for note in &advice.notes {
                        ui.weak(note);
                    }
                    let shown: Vec<power_tuning::TunedSize> = advice
                        .tiers
                        .iter()
                        .filter(|t| {
                            t.source == advice.recommended_source.unwrap_or(Source::LoadTest)
                        })
                        .map(|t| power_tuning::TunedSize {
                            memory_mb: t.memory_mb,
                            duration_ms: t.mean.mean,
                            cost_usd: t.cost_per_invocation_usd,
                        })
                        .collect();
                    if ui
                        .button("Copy visualization URL")
                        .on_hover_text(
                            "A lambda-power-tuning.show URL of the sizes shown: their mean \
                             durations and costs, to share",
                        )
                        .clicked()
                    {
                        let url = format!(
                            "https://lambda-power-tuning.show/#{}",
                            power_tuning::encode_fragment(&shown)
                        );
                        ui.ctx().copy_text(url);
                        commands.push(Command::Notice("Visualization URL copied".into()));
                    }
                    let chart = charts::advisor::advisor_chart(&advice, slo);
                    ui.allocate_ui(egui::vec2(width, 420.0), |ui| {
                        let slot = render::draw::ViewSlot {
                            view: &mut self.chart_view,
                            mode: ViewMode::Window,
                            generation: 0,
                            log_latency: false,
                        };
                        render::draw::line_chart(ui, "advisor chart", &chart, slot);
                    });
                });
        });
        commands
    }

    fn inputs(
        &mut self,
        ui: &mut egui::Ui,
        errors: Option<&AdvisorErrors>,
        commands: &mut Vec<Command>,
    ) {
        ui.heading("Memory advisor");
        ui.label("Strategy (as AWS Lambda Power Tuning)");
        let hovers = [
            "The cheapest per request; ties go to the faster",
            "The fastest; ties go to the cheaper",
            "Weighs cost against speed",
        ];
        for (name, hover) in STRATEGIES.into_iter().zip(hovers) {
            ui.radio_value(&mut self.form.strategy, name.to_owned(), name)
                .on_hover_text(hover);
        }
        if self.form.strategy == "balanced" {
            ui.add(
                egui::Slider::new(&mut self.form.balanced_weight, 0.0..=1.0)
                    .text("weight: 0 speed, 1 cost"),
            );
        }
        ui.separator();
        let field = |ui: &mut egui::Ui, label: &str, text: &mut String, hint: &str| {
            ui.horizontal(|ui| {
                let l = ui.label(label);
                ui.add(
                    TextEdit::singleline(text)
                        .desired_width(90.0)
                        .hint_text(hint),
                )
                .labelled_by(l.id);
            });
        };
        let error = |ui: &mut egui::Ui, e: Option<&String>| {
            if let Some(e) = e {
                ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
            }
        };
        field(ui, "p99 objective (ms)", &mut self.form.slo_p99_ms, "none");
        error(ui, errors.and_then(|e| e.slo_p99_ms.as_ref()));
        field(ui, "Peak rate (req/s)", &mut self.form.peak_rps, "none");
        error(ui, errors.and_then(|e| e.peak_rps.as_ref()));
        ui.weak("Subnets, divisor and prices come from the Capacity planner tab.");
        ui.separator();
        ui.label(RichText::new("Power Tuning visualization URL").strong());
        ui.add(
            TextEdit::multiline(&mut self.url)
                .desired_rows(2)
                .hint_text("https://lambda-power-tuning.show/#...")
                .desired_width(f32::INFINITY),
        )
        .accessible_name("Power Tuning URL");
        if ui.button("Add its sizes").clicked() {
            match power_tuning::runs_of_url(&self.url) {
                Ok(runs) => {
                    commands.push(Command::AddUrlRuns(std::mem::take(&mut self.url), runs));
                }
                Err(e) => commands.push(Command::Error(format!("Power Tuning URL: {e}"))),
            }
        }
        ui.weak("Or open its output JSON, or a text file with the URL, with File > Open.");
    }
}
