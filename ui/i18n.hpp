// The interface's language: English, the text the sources are written in, or Simplified Chinese, looked up by
// that English text (the way gettext does it). The choice is the user's, kept across sessions (App).
#pragma once
#include <span>
#include <string>

namespace il::ui {

enum class Language : unsigned char { English, Chinese };

void set_language(Language language);
Language language();

// The current language's form of an English text of the interface (the text itself in English, or when it
// has no translation). A printf format keeps its conversions, in order, in every language (tests check).
#if defined(__GNUC__)
__attribute__((format_arg(1)))
#endif
const char* tr(const char* english);

// A label in the current language whose ImGui id stays `id` in every language ("Maschine###machine"), for
// widgets that keep state (headers, tabs, tree nodes).
std::string stable_label(const char* text, const char* id);

struct Translation {
  const char* english;
  const char* chinese;
};
std::span<const Translation> translations(); // every one, for the tests
// The built-in scenarios' summaries, What to watch for paragraphs and topics, which tr() also translates.
std::span<const Translation> scenario_translations();
// Config::validate's refusals ("cores must be between 1 and 256"), which tr() also translates.
std::span<const Translation> refusal_translations();

} // namespace il::ui
