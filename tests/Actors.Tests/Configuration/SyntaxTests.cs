using Sluice.Actors.Configuration;
using Xunit;
using static Sluice.Actors.Tests.Configuration.TestConfigs;

namespace Sluice.Actors.Tests.Configuration;

/// <summary>HOCON.md "Syntax": one test per rule.</summary>
public sealed class SyntaxTests
{
    [Fact]
    public void Hash_and_double_slash_start_comments_outside_quotes() =>
        AssertJson("""{ "a": 1, "b": "x # y // z", "c": "http://host" }""",
            Resolve("a = 1 # one\n// whole line\nb = \"x # y // z\" // trailing\nc = \"http://host\""));

    [Fact]
    public void Root_braces_may_be_omitted() =>
        AssertJson("""{ "a": 1, "b": { "c": 2 } }""", Resolve("a = 1\nb { c = 2 }"));

    [Fact]
    public void Equals_colon_and_no_separator_before_a_brace_are_the_same() =>
        AssertJson("""{ "a": 1, "b": 2, "c": { "d": 3 } }""", Resolve("a : 1, b = 2, c { d = 3 }"));

    [Fact]
    public void Newlines_separate_fields_and_elements_and_one_trailing_comma_is_ignored() =>
        AssertJson("""{ "a": [1, 2, 3], "b": [4, 5], "c": 6 }""", Resolve("a = [\n1\n2\n3\n]\nb = [4, 5,]\nc = 6,"));

    [Fact]
    public void Unquoted_strings_run_until_a_forbidden_character() =>
        AssertJson("""{ "a": "/usr/local/bin", "b": "foo.bar-baz_1", "c": "~user%20x" }""",
            Resolve("a = /usr/local/bin\nb = foo.bar-baz_1\nc = ~user%20x"));

    [Fact]
    public void True_false_and_null_are_recognized_only_at_the_start_of_unquoted_text() =>
        AssertJson("""{ "a": true, "b": "truefoo", "c": "footrue", "d": null, "e": "nullable" }""",
            Resolve("a = true\nb = truefoo\nc = footrue\nd = null\ne = nullable"));

    [Fact]
    public void Numbers_keep_their_type_and_number_then_text_is_a_string() =>
        AssertJson("""{ "a": 42, "b": -1.5e3, "c": "10.0bar", "d": "1.2.3", "e": "-foo" }""",
            Resolve("a = 42\nb = -1.5e3\nc = 10.0bar\nd = 1.2.3\ne = -foo"));

    [Fact]
    public void Simple_values_concatenate_with_the_whitespace_between_them() =>
        AssertJson("""{ "a": "foo bar  baz", "b": "1 2 3", "c": "null true 3.14", "d": "x y" }""",
            Resolve("a =   foo bar  \"baz\"  \nb = 1 2 3\nc = null true 3.14\nd = x\" \"y"));

    [Fact]
    public void Quoted_strings_use_json_escapes() =>
        AssertJson("""{ "a": "tab\there \"q\" \\ \u00e9 \/" }""", Resolve("a = \"tab\\there \\\"q\\\" \\\\ \\u00e9 \\/\""));

    [Fact]
    public void Triple_quoted_strings_keep_newlines_and_take_no_escapes() =>
        AssertJson("""{ "a": "line1\n  line2 \\n", "b": "x\"\"\"" }""", Resolve("a = \"\"\"line1\n  line2 \\n\"\"\"\nb = \"\"\"x\"\"\"\"\"\""));

    [Fact]
    public void A_byte_order_mark_at_the_start_is_ignored() =>
        AssertJson("""{ "a": 1 }""", Resolve("\uFEFFa = 1"));

    [Fact]
    public void Unicode_spaces_count_as_whitespace() =>
        AssertJson("""{ "a": 1, "b": "x\u00a0y" }""", Resolve("\u00a0a\u2003=\u00a01\nb = x\u00a0y"));

    [Fact]
    public void Duplicate_keys_later_wins_unless_both_are_objects() =>
        AssertJson("""{ "a": 2, "b": { "x": 1, "y": 2 }, "c": { "y": 2 } }""",
            Resolve("a = 1\na = 2\nb { x = 1 }\nb { y = 2 }\nc { x = 1 }\nc = null\nc { y = 2 }"));

    [Fact]
    public void Path_keys_expand_to_nested_objects_and_merge() =>
        AssertJson("""{ "a": { "b": { "c": 1, "d": 2 }, "x": 3 } }""", Resolve("a.b.c = 1\na.b.d = 2\na { x = 3 }"));

    [Fact]
    public void Quoted_path_elements_keep_their_dots() =>
        AssertJson("""{ "a": { "b.c": 1 }, "x.y": 2, "": { "e": 3 } }""", Resolve("a.\"b.c\" = 1\n\"x.y\" = 2\n\"\".e = 3"));

    [Fact]
    public void Keys_are_path_expressions_that_keep_inner_whitespace_and_number_text() =>
        AssertJson("""{ "a b c": 1, "true": 2, "3": { "14": 3 }, "10": { "0foo": 4 } }""",
            Resolve("a b c = 1\ntrue = 2\n3.14 = 3\n10.0foo = 4"));

    [Fact]
    public void Arrays_concatenate_with_arrays_and_objects_merge_with_objects() =>
        AssertJson("""{ "a": [1, 2, 3, 4], "b": { "x": 1, "y": 2 }, "c": [[1, 2, 3, 4]] }""",
            Resolve("a = [1, 2] [3, 4]\nb = { x = 1 } { y = 2 }\nc = [ [1, 2] [3, 4] ]"));

    [Fact]
    public void Whitespace_without_a_newline_concatenates_array_elements_into_one_string() =>
        Assert.Equal(["1 2 3 4"], Resolve("a = [ 1 2 3 4 ]").GetStringList("a"));

    [Fact]
    public void Include_is_an_ordinary_word_outside_the_start_of_a_key() =>
        AssertJson("""{ "foo include": 42, "a": "include", "b": ["include"], "include": 1 }""",
            Resolve("foo include : 42\na = include\nb = [ include ]\n\"include\" = 1"));

    [Fact]
    public void Plus_equals_appends_to_an_earlier_list_or_starts_one() =>
        AssertJson("""{ "a": [1, 2, 3], "b": [ "x" ], "c": { "d": [ 1, 2 ] } }""",
            Resolve("a = [1]\na += 2\na += 3\nb += x\nc { d += 1 }\nc.d += 2"));

    [Fact]
    public void Json_files_are_strict_json()
    {
        var folder = Directory.CreateTempSubdirectory("sluice-hocon-");
        try
        {
            var good = Path.Combine(folder.FullName, "good.json");
            File.WriteAllText(good, """{ "a.b": 1, "c": [true, null, "x"], "d": { "e": 1e2 } }""");
            AssertJson("""{ "a.b": 1, "c": [true, null, "x"], "d": { "e": 100 } }""", ResolveFile(good));

            var bad = Path.Combine(folder.FullName, "bad.json");
            File.WriteAllText(bad, "{ \"a\": 1 // comment\n}");
            Assert.Equal($"{bad}:1:10: comments are not allowed in JSON",
                Assert.Throws<ConfigurationException>(() => Config.ParseFile(bad)).Message);

            File.WriteAllText(bad, "{ \"a\": foo }");
            Assert.Equal($"{bad}:1:8: unquoted text 'foo' is not allowed in JSON; put it in quotes",
                Assert.Throws<ConfigurationException>(() => Config.ParseFile(bad)).Message);

            File.WriteAllText(bad, "{ \"a\": 1\n\"b\": 2 }");
            Assert.Equal($"{bad}:2:1: expected ',' or '}}' after a field, found \"b\"",
                Assert.Throws<ConfigurationException>(() => Config.ParseFile(bad)).Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Properties_files_split_keys_on_dots_and_keep_strings_and_objects_win()
    {
        var folder = Directory.CreateTempSubdirectory("sluice-hocon-");
        try
        {
            var file = Path.Combine(folder.FullName, "app.properties");
            File.WriteAllText(file, "# comment\n! also a comment\na.b = 1\na=hello\nc.d:x y \\\n   z\ne\\ f = \\u00e9\\t!\nlist.0=x\nlist.1=y\n");
            var config = ResolveFile(file);
            AssertJson("""{ "a": { "b": "1" }, "c": { "d": "x y z" }, "e f": "\u00e9\t!", "list": { "0": "x", "1": "y" } }""", config);
            Assert.Equal(["x", "y"], config.GetStringList("list"));
            Assert.Equal(new ConfigOrigin(file, 7), config.GetOrigin("\"e f\""));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
