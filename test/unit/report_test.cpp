// The report page's filling (sitrt/report.h): nothing from the data, the title or the libraries may end the
// <script> element it sits in or open markup, and a template without its placeholders is an error, not a page.
#include <gtest/gtest.h>

#include "sitrt/report.h"

namespace {

const std::string kPage = "<title><!--SITC:TITLE--></title>\n<!--SITC:DATA-->\n<!--SITC:VEGA-->\n";

TEST(Report, EscapesWhatCouldEndItsElement) {
  std::string error;
  std::string out = sitrt::renderReport(kPage, {"var s = \"</script><b>\";"}, R"({"title":"a</script>&<b>"})",
                                        "<b>\"x\" & y</b>", error);
  ASSERT_EQ(error, "");
  EXPECT_NE(out.find("<title>&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;</title>"), std::string::npos) << out;
  EXPECT_NE(out.find(R"({"title":"a\u003c/script\u003e\u0026\u003cb\u003e"})"), std::string::npos) << out;
  EXPECT_NE(out.find("<script>var s = \"<\\/script><b>\";</script>"), std::string::npos) << out;
  // Exactly the three elements the page has: the data's, the library's, none opened or closed by their text.
  size_t closes = 0;
  for (size_t at = 0; (at = out.find("</script>", at)) != std::string::npos; ++at) ++closes;
  EXPECT_EQ(closes, 2u);
}

TEST(Report, PlaceholderSpellingInTheDataStaysData) {
  std::string error;
  std::string out = sitrt::renderReport(kPage, {"x=1;"}, R"({"t":"<!--SITC:VEGA-->"})", "<!--SITC:DATA-->", error);
  ASSERT_EQ(error, "");
  EXPECT_EQ(out.find("<!--SITC:"), std::string::npos) << out;
  EXPECT_NE(out.find("<script>x=1;</script>"), std::string::npos);
}

TEST(Report, TemplateWithoutPlaceholderIsAnError) {
  std::string error;
  EXPECT_EQ(sitrt::renderReport("<html><!--SITC:DATA--><!--SITC:TITLE--></html>", {}, "{}", "t", error), "");
  EXPECT_EQ(error, "the report template has no <!--SITC:VEGA-->");
}

}  // namespace
