//! The capacity planner tab: inputs on the left, both ENI models, the memory-tier
//! table, the chart and the cost per million requests on the right. Every change
//! of an input is evaluated again in the same frame.

use egui::{Color32, RichText, TextEdit};
use serde::{Deserialize, Serialize};

use crate::capacity::cost::{self, PRICE_INFO, Prices};
use crate::capacity::form::{FormErrors, PlannerForm, SubnetRow};
use crate::capacity::legacy::{self, Divisor};
use crate::capacity::measured::{self, MeasuredLoad};
use crate::capacity::plan::{PlanInput, tier_list};
use crate::charts;
use crate::charts::view::PlotView;
use crate::format::{self, thousands};
use crate::model::Run;
use crate::present::eni as words;
use crate::render;

/// The planner's inputs as typed, its prices and its chart's view.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlannerPanel {
    pub form: PlannerForm,
    pub prices: Prices,
    /// The ENI chart's legend and zoom.
    pub chart_view: PlotView,
    /// The run whose load filled the planner, if any: it belongs to the loaded runs,
    /// which are not kept.
    #[serde(skip)]
    pub measured: Option<MeasuredLoad>,
}

fn error_color(ui: &egui::Ui) -> Color32 {
    ui.visuals().error_fg_color
}

fn show_error(ui: &mut egui::Ui, error: &Option<String>) {
    if let Some(e) = error {
        ui.label(RichText::new(e).color(error_color(ui)));
    }
}

/// A labelled text field; the label names the field for screen readers and tests.
fn field(ui: &mut egui::Ui, label: &str, text: &mut String, hint: &str, error: &Option<String>) {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        let mut edit = TextEdit::singleline(text)
            .desired_width(110.0)
            .hint_text(hint);
        if error.is_some() {
            edit = edit.text_color(error_color(ui));
        }
        ui.add(edit).labelled_by(l.id);
    });
    show_error(ui, error);
}

impl PlannerPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, runs: &[Run]) {
        let result = self.form.evaluate();
        let errors = result
            .as_ref()
            .err()
            .map(|e| (**e).clone())
            .unwrap_or_default();
        egui::Panel::left("planner inputs")
            .resizable(true)
            .default_size(380.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("planner inputs")
                    .show(ui, |ui| {
                        self.inputs(ui, &errors, runs);
                    });
            });
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("planner results")
                .show(ui, |ui| match &result {
                    Ok(input) => self.results(ui, input, runs),
                    Err(e) => {
                        ui.heading("Fix the inputs to see the plan");
                        for m in e.messages() {
                            ui.label(RichText::new(m).color(error_color(ui)));
                        }
                    }
                });
        });
    }

    fn inputs(&mut self, ui: &mut egui::Ui, errors: &FormErrors, runs: &[Run]) {
        ui.heading("Inputs");
        let f = &mut self.form;
        field(
            ui,
            "Memory (MB)",
            &mut f.memory_mb,
            "1024",
            &errors.memory_mb,
        );
        field(
            ui,
            "Peak concurrent executions",
            &mut f.concurrency,
            "1000",
            &errors.concurrency,
        );
        ui.label("Legacy divisor");
        for d in Divisor::ALL {
            ui.radio_value(&mut f.divisor, d, format!("{} GB", d.gb()))
                .on_hover_text(d.era());
        }
        ui.weak(f.divisor.era());

        ui.separator();
        ui.label(RichText::new("Subnets").strong());
        let mut remove = None;
        for (i, row) in f.subnets.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                let l = ui.label(format!("Subnet {}", i + 1));
                ui.add(
                    TextEdit::singleline(&mut row.cidr)
                        .desired_width(120.0)
                        .hint_text("10.0.1.0/24"),
                )
                .labelled_by(l.id);
                ui.add(
                    TextEdit::singleline(&mut row.az)
                        .desired_width(90.0)
                        .hint_text("AZ"),
                );
                if ui.small_button("Remove").clicked() {
                    remove = Some(i);
                }
            });
            show_error(ui, errors.subnets.get(i).unwrap_or(&None));
        }
        if let Some(i) = remove {
            f.subnets.remove(i);
        }
        if ui.button("Add subnet").clicked() {
            f.subnets.push(SubnetRow::new("", ""));
        }
        show_error(ui, &errors.subnet_set);

        ui.separator();
        ui.label(RichText::new("Hyperplane").strong());
        field(
            ui,
            "Security-group sets",
            &mut f.security_group_sets,
            "1",
            &errors.security_group_sets,
        );
        field(
            ui,
            "Peak connections",
            &mut f.connections,
            "= concurrency",
            &errors.connections,
        );

        ui.separator();
        field(
            ui,
            "More memory tiers",
            &mut f.extra_tiers,
            "768, 4096",
            &errors.extra_tiers,
        );

        ui.separator();
        self.measured_load_picker(ui, runs);
    }

    /// Fills memory and concurrency from a function run (Little's law).
    fn measured_load_picker(&mut self, ui: &mut egui::Ui, runs: &[Run]) {
        ui.label(RichText::new("From measured results").strong());
        let candidates: Vec<(&Run, MeasuredLoad)> = runs
            .iter()
            .filter(|r| measured::is_function_run(r))
            .filter_map(|r| MeasuredLoad::of(r).map(|m| (r, m)))
            .collect();
        if candidates.is_empty() {
            ui.weak("Load runs of a Lambda integration (with a memory tier) to plan from them.");
            return;
        }
        let current = self
            .measured
            .as_ref()
            .map_or("pick a run".into(), |m| m.label.clone());
        egui::ComboBox::from_label("Fill from run")
            .selected_text(current)
            .show_ui(ui, |ui| {
                for (run, load) in &candidates {
                    let text = format!("{} ({:.1} concurrent)", run.label, load.concurrency);
                    if ui.selectable_label(false, text).clicked() {
                        self.form.concurrency = load.planned_concurrency().to_string();
                        if let Some(mb) = load.memory_mb {
                            self.form.memory_mb = mb.to_string();
                        }
                        self.measured = Some(load.clone());
                    }
                }
            });
        if let Some(m) = &self.measured {
            ui.label(format!(
                "Little's law: {:.2} req/s x {:.1} ms = {:.1} concurrent executions",
                m.throughput_rps, m.mean_latency_ms, m.concurrency
            ));
        }
    }

    fn results(&mut self, ui: &mut egui::Ui, input: &PlanInput, runs: &[Run]) {
        let tiers = tier_list(&self.form.tiers().unwrap_or_default(), input.memory_mb);
        ui.columns(2, |cols| {
            self.legacy(&mut cols[0], input);
            cols[0].add_space(8.0);
            self.hyperplane(&mut cols[0], input);
            let chart = charts::eni::eni_chart(input, &tiers);
            cols[1].allocate_ui(egui::vec2(cols[1].available_width(), 420.0), |ui| {
                let slot = render::draw::ViewSlot {
                    view: &mut self.chart_view,
                    mode: charts::view::ViewMode::Window,
                    generation: 0,
                    log_latency: false,
                };
                render::draw::line_chart(ui, "eni chart", &chart, slot);
            });
        });
        ui.add_space(8.0);
        ui.columns(2, |cols| {
            tier_table(&mut cols[0], input, &tiers);
            subnet_table(&mut cols[1], input);
        });
        ui.add_space(8.0);
        self.costs(ui, runs);
    }

    fn legacy(&self, ui: &mut egui::Ui, input: &PlanInput) {
        let r = input.legacy();
        ui.heading("Legacy model (2016 to 2019)");
        ui.label(words::legacy_formula(input, &r));
        if let Some(note) = words::above_era_max(input, &r) {
            ui.label(RichText::new(note).color(error_color(ui)));
        }
        for sentence in words::readings(input, &r) {
            ui.label(sentence);
        }
        ui.weak(words::READINGS_CAVEAT);
        if let Some(m) = &self.measured {
            let needed =
                legacy::enis_required(m.planned_concurrency(), input.memory_mb, input.divisor);
            ui.label(
                RichText::new(words::allocation_note(r.total.addresses_available, needed)).strong(),
            );
        }
    }

    fn hyperplane(&self, ui: &mut egui::Ui, input: &PlanInput) {
        let h = input.hyperplane();
        ui.heading("Hyperplane model (AWS today)");
        ui.label(words::hyperplane_formula(input, &h));
        ui.label(words::hyperplane_quota(&h));
        ui.weak(words::MODEL_CAVEAT);
    }

    fn costs(&mut self, ui: &mut egui::Ui, runs: &[Run]) {
        ui.heading("Cost per million requests");
        egui::CollapsingHeader::new("Prices (editable; defaults with their sources)")
            .id_salt("prices")
            .show(ui, |ui| {
                egui::Grid::new("prices").show(ui, |ui| {
                    for (value, info) in self.prices.fields_mut().into_iter().zip(PRICE_INFO.iter())
                    {
                        ui.label(info.name);
                        ui.add(
                            egui::DragValue::new(value)
                                .speed(0.0)
                                .range(0.0..=f64::MAX)
                                .max_decimals(10),
                        );
                        ui.weak(info.unit);
                        ui.weak(info.source);
                        ui.end_row();
                    }
                });
                if ui.button("Reset to defaults").clicked() {
                    self.prices = Prices::default();
                }
            });
        if runs.is_empty() {
            ui.weak("Load runs to see what each integration costs.");
            return;
        }
        egui::Grid::new("costs").striped(true).show(ui, |ui| {
            for h in [
                "run",
                "integration",
                "Lambda x86",
                "Lambda Arm",
                "REST API",
                "HTTP API",
                "ALB at this rate",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            let dollars = format::dollars;
            for run in runs {
                let c = cost::run_cost(run, &self.prices);
                ui.label(&c.label);
                ui.label(c.integration.as_deref().unwrap_or("–"));
                ui.label(dollars(c.lambda_x86));
                ui.label(dollars(c.lambda_arm));
                ui.label(dollars(Some(c.apigw_rest)));
                ui.label(dollars(Some(c.apigw_http)));
                ui.label(dollars(c.alb));
                ui.end_row();
            }
        });
        ui.weak(
            "Lambda: requests + GB-seconds at the run's memory and mean latency, billed per 1 ms. \
             ALB: hourly + LCU charges at the run's steady rate. Data transfer, NAT and logs excluded.",
        );
    }
}

fn tier_table(ui: &mut egui::Ui, input: &PlanInput, tiers: &[u32]) {
    ui.heading("Memory tiers");
    egui::Grid::new("tiers").striped(true).show(ui, |ui| {
        for h in ["memory", "ENIs", "fits", "largest concurrency"] {
            ui.label(RichText::new(h).strong());
        }
        ui.end_row();
        for t in input.tiers(tiers) {
            let name = format!("{} MB", t.memory_mb);
            if t.memory_mb == input.memory_mb {
                ui.label(RichText::new(name).strong());
            } else {
                ui.label(name);
            }
            ui.label(thousands(t.enis_required));
            ui.label(if t.fits { "yes" } else { "no" });
            ui.label(thousands(t.max_concurrency));
            ui.end_row();
        }
    });
}

fn subnet_table(ui: &mut egui::Ui, input: &PlanInput) {
    ui.heading("Subnets");
    egui::Grid::new("subnets").striped(true).show(ui, |ui| {
        for h in ["subnet", "AZ", "usable addresses"] {
            ui.label(RichText::new(h).strong());
        }
        ui.end_row();
        for s in &input.subnets {
            ui.label(s.cidr.to_string());
            ui.label(s.az.as_deref().unwrap_or("–"));
            ui.label(thousands(s.usable()));
            ui.end_row();
        }
        ui.label(RichText::new("total").strong());
        ui.label("");
        ui.label(
            RichText::new(thousands(crate::capacity::subnet::total_usable(
                &input.subnets,
            )))
            .strong(),
        );
        ui.end_row();
    });
}
