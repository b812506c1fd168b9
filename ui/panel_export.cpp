// The export buttons: Perfetto JSON (the CLI's --trace, written a time-budgeted slice per frame with a progress
// bar, because lock-heavy runs export hundreds of megabytes), the statistics as CSV, and the timeline as PNG
// (the platform reads the pixels back after rendering and hands them to capture_done()).
//
// [SECTION] the Perfetto job
// [SECTION] buttons
// [SECTION] PNG capture
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>

#include "app.hpp"
#include "i18n.hpp"
#include "export.hpp"
#include "codec.hpp"
#include "trace/cli_config.hpp"
#include "trace/perfetto.hpp"

namespace il::ui {

// [SECTION] the Perfetto job

// Holds the writer and the text so far. The writer reads run A's Kernel, which a rerun replaces: the job notes
// what it exports and gives up when run A is no longer that run.
struct App::ExportJob {
  ExportJob(const RunSlot& run, std::string file)
      : writer(*run.kernel, false), kernel(run.kernel.get()), records(run.kernel->trace().recs.size()),
        end(run.kernel->now()),
        scenario(run.scenario), config(short_config(run.cfg)), name(std::move(file)) {}

  bool same_run(const RunSlot& run) const {
    return run && run.kernel.get() == kernel && run.kernel->trace().recs.size() == records &&
           run.kernel->now() == end &&
           run.scenario == scenario && short_config(run.cfg) == config;
  }

  // Writes for about budget_ms; true when the document is complete.
  bool advance(Platform& host, double budget_ms) {
    // Small steps keep the clock checks frequent; the step cap bounds a frame even if the clock stands still.
    constexpr std::size_t kRecordsPerStep = 4096;
    constexpr int kMaxSteps = 256;
    const TextSink sink = [this](std::string_view piece) { out.append(piece); };
    const double t0 = host.now_ms();
    for (int i = 0; i < kMaxSteps; ++i) {
      if (writer.step(kRecordsPerStep, sink)) return true;
      reserve(host.max_file_bytes());
      if (too_big) return false;
      if (host.now_ms() - t0 >= budget_ms) break;
    }
    return false;
  }

  // Once a tenth of the events are written, make room for the projected whole: growing a string by doubling
  // would need three times the final size at the last copy, and a big export is half a browser's memory.
  void reserve(std::size_t max_bytes) {
    if (reserved) return;
    const double written = 2 * writer.progress() - 1; // pass 2's share done; pass 1 is the first half
    if (written < 0.1) return;
    reserved = true;
    const auto projected = static_cast<std::size_t>(static_cast<double>(out.size()) / written * 1.1);
    if (projected > max_bytes) {
      too_big = projected; // the caller gives up with a message rather than running out of memory
      return;
    }
    out.reserve(projected);
  }

  PerfettoWriter writer;
  const Kernel* kernel;
  std::size_t records;
  Ns end;
  std::string scenario, config, name;
  std::string out;
  bool reserved = false;
  std::size_t too_big = 0; // the projected size, when it exceeds what the platform can save
};

void App::ExportJobDelete::operator()(ExportJob* job) const { delete job; }

namespace {

constexpr double kExportBudgetMs = 10; // per frame: the UI stays responsive while a big export runs

std::string megabytes(std::size_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return buf;
}

} // namespace

// [SECTION] buttons

void App::draw_export_controls() {
  const RunSlot* other = view.compare && b ? &b : nullptr; // CSV and PNG include run B when it is shown

  if (export_job_ && !export_job_->same_run(a)) {
    export_job_.reset();
    view.status = tr("Perfetto export cancelled: the run changed");
  }
  if (export_job_) {
    ExportJob& job = *export_job_;
    if (job.advance(platform, kExportBudgetMs)) {
      view.status = platform.save_file(job.name, "application/json", job.out);
      export_job_.reset();
    } else if (job.too_big) {
      std::string cli = "interleave run " + job.scenario;
      for (const auto& [key, value] : config_flags(a.cfg)) cli += " --" + key + " " + value;
      view.status = tr("Perfetto export stopped: the trace would be about ") + megabytes(job.too_big) +
                    tr(", more than this page can hold; use `") + cli + tr(" --trace FILE` instead");
      export_job_.reset();
    }
  }

  if (export_job_) {
    const float frac = static_cast<float>(export_job_->writer.progress());
    char overlay[64];
    std::snprintf(overlay, sizeof overlay, "Perfetto %d%% (%s)", static_cast<int>(frac * 100),
                  megabytes(export_job_->out.size()).c_str());
    ImGui::ProgressBar(frac, ImVec2(170, 0), overlay);
    mark("export-progress");
    tip(tr("Writing the Perfetto trace a slice per frame; the file is saved when it is complete"));
    ImGui::SameLine();
    if (ImGui::Button(tr("Cancel"))) {
      export_job_.reset();
      view.status = tr("Perfetto export cancelled");
    }
    mark("export-cancel");
    tip(tr("Stop the Perfetto export and drop what was written"));
  } else {
    if (ImGui::Button(tr("Perfetto")) && a) {
      export_job_.reset(new ExportJob(a, export_filename(a.scenario, a.cfg, "json")));
      view.status = tr("Perfetto export started");
    }
    mark("export-perfetto");
    tip(tr("Save run A as Chrome Trace Event JSON, the same file as the CLI's --trace: open it in ui.perfetto.dev "
        "(threads, CPU lanes, locks, GIL and wake-up arrows)"));
  }

  ImGui::SameLine();
  if (ImGui::Button(tr("CSV")) && a) {
    const std::string cfg_a = machine_label(a);
    std::vector<CsvRun> runs = {{"A", a.scenario, cfg_a, &a.stats}};
    const std::string cfg_b = other ? machine_label(*other) : std::string();
    if (other) runs.push_back({"B", other->scenario, cfg_b, &other->stats});
    const std::string csv = stats_csv(runs);
    view.status = platform.save_file(export_filename(a.scenario, a.cfg, "csv", other ? &other->cfg : nullptr),
                                     "text/csv", csv);
  }
  mark("export-csv");
  tip(tr("Save the statistics as CSV: a row per thread (time in each state in ns, context switches, uncaught "
      "exception) and a row per logical CPU (busy, switching, utilization); both runs when comparing"));

  ImGui::SameLine();
  const bool clicked_png = ImGui::Button(tr("PNG"));
  mark("export-png");
  if (clicked_png && a && timeline_rect_.w > 0 && timeline_rect_.h > 0) {
    capture_pending_ = true;
    capture_rect_ = timeline_rect_;
  }
  // Not while a capture is pending: the tooltip would be drawn over the timeline in the captured frame.
  if (!capture_pending_) tip(tr("Save the timeline as it is on screen as a PNG image"));
}

// [SECTION] PNG capture

void App::capture_done(const std::vector<std::uint8_t>& rgba, int w, int h) {
  capture_pending_ = false;
  const std::size_t need = static_cast<std::size_t>(std::max(w, 0)) * static_cast<std::size_t>(std::max(h, 0)) * 4;
  if (w <= 0 || h <= 0 || rgba.size() < need) {
    view.status = tr("PNG export failed: no pixels were read back");
    return;
  }
  const RunSlot* other = view.compare && b ? &b : nullptr;
  const std::string name = a ? export_filename(a.scenario, a.cfg, "png", other ? &other->cfg : nullptr)
                             : std::string("interleave-timeline.png");
  view.status = platform.save_file(name, "image/png", encode_png(rgba.data(), w, h));
}

} // namespace il::ui
