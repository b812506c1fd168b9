// What the export buttons write that does not need a window: file names and the statistics as CSV. Pure
// functions of a finished run, so the UI tests check them without ImGui.
#pragma once
#include <span>
#include <string>
#include <string_view>

#include "machine/config.hpp"
#include "trace/report.hpp"

namespace il::ui {

// The machine in a few characters for file names: "4c2t" (cores, hardware threads per core), then each
// setting that differs from the defaults, e.g. "1c1t_gil-none_seed-3".
std::string short_config(const Config& cfg);
// "interleave-<scenario>-<short config>.<ext>" ("-<A config>-vs-<B config>" when a second run is given),
// with anything but [A-Za-z0-9._-] replaced by '_'.
std::string export_filename(std::string_view scenario, const Config& cfg, std::string_view ext,
                            const Config* cfg_b = nullptr);

// One CSV field per RFC 4180: quoted when it holds a comma, a quote, CR or LF (quotes doubled), else as is.
std::string csv_field(std::string_view s);

// One run's statistics, labelled for the CSV (the compare view writes A and B into one file).
struct CsvRun {
  std::string_view label, scenario, config;
  const Stats* stats = nullptr;
};

// One rectangular table, header first, CRLF line ends (RFC 4180): a `thread` row per thread (time in each
// state in ns, context switches, the exception that ended it) and a `cpu` row per logical CPU (busy and
// switching ns, utilization); columns that do not apply to a row are empty.
std::string stats_csv(std::span<const CsvRun> runs);
std::string stats_csv(const Stats& st, std::string_view scenario, std::string_view config);

} // namespace il::ui
