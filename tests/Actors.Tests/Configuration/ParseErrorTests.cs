using Sluice.Actors.Configuration;
using Xunit;

namespace Sluice.Actors.Tests.Configuration;

/// <summary>Every parse error names the origin, line and column, what was expected and what was found.</summary>
public sealed class ParseErrorTests
{
    [Fact]
    public void Error_names_file_line_column_expectation_and_found_token()
    {
        var error = Assert.Throws<ConfigurationException>(() => Config.Parse("a {\n  b = 1\n  ]\n}", "application.conf"));

        Assert.Equal("application.conf:3:3: expected '}' or a key, found ']'", error.Message);
        Assert.Equal(("application.conf", 3, 3), (error.Origin, error.Line, error.Column));
    }

    [Theory]
    [InlineData("]", "string:1:1: expected a key or end of input, found ']'")]
    [InlineData("a { b = 1", "string:1:10: expected '}' or a key, found end of input")]
    [InlineData("a = 1\n}", "string:2:1: expected a key or end of input, found '}'")]
    [InlineData("{ a = 1 } b = 2", "string:1:11: expected end of input after the root object, found 'b'")]
    [InlineData("[1, 2]", "string:1:1: the root of a configuration must be an object, found '['")]
    [InlineData("a b", "string:1:4: expected ':', '=', '+=' or '{' after key '\"a b\"', found end of input")]
    [InlineData("a = }", "string:1:5: expected a value for key 'a', found '}'")]
    [InlineData("a.b =\n", "string:2:1: expected a value for key 'a.b', found end of input")]
    [InlineData("a = 1 ]", "string:1:7: expected ',' or a newline after a field, found ']'")]
    [InlineData("a { b = 1 ] }", "string:1:11: expected ',', a newline or '}' after a field, found ']'")]
    [InlineData("a = 1,,", "string:1:7: expected a key or end of input, found ','")]
    [InlineData("a = [1,,2]", "string:1:8: expected a value or ']', found ','")]
    [InlineData("a = [,1]", "string:1:6: expected a value or ']', found ','")]
    [InlineData("a = [1 }", "string:1:8: expected ',', a newline or ']' after a list element, found '}'")]
    [InlineData("a = \"abc", "string:1:5: unterminated quoted string; add the closing '\"'")]
    [InlineData("a = \"ab\ncd\"", "string:1:8: newline in a quoted string; use \\n, or triple quotes (\"\"\") for text over several lines")]
    [InlineData("a = \"\\q\"", "string:1:6: invalid escape '\\q' in a quoted string; write '\\\\' for a backslash")]
    [InlineData("a = \"\\u12\"", "string:1:6: invalid \\u escape; it takes four hex digits such as \\u00e9")]
    [InlineData("a = \"\"\"abc", "string:1:5: unterminated triple-quoted string; add the closing '\"\"\"'")]
    [InlineData("a = b*c", "string:1:6: reserved character '*' is not allowed outside quotes; put the text in quotes")]
    [InlineData("a = 1+2", "string:1:5: invalid number '1+2'")]
    [InlineData("a = $x", "string:1:5: '$' must start a substitution such as ${a.b}; put the text in quotes for a dollar sign")]
    [InlineData("a = ${b", "string:1:5: unclosed substitution; expected '}' to close '${'")]
    [InlineData("a = ${}", "string:1:5: invalid substitution '${}': the path is empty")]
    [InlineData("a = ${b..c}", "string:1:5: invalid substitution '${b..c}': empty path element (write \"\" for a key that is an empty string)")]
    [InlineData("a..b = 1", "string:1:1: invalid key 'a..b': empty path element (write \"\" for a key that is an empty string)")]
    [InlineData("a. = 1", "string:1:4: invalid key: it ends with '.'")]
    [InlineData("${a} = 1", "string:1:1: expected a key or end of input, found '${a}'")]
    [InlineData("a ${b} = 1", "string:1:3: substitutions are not allowed in keys")]
    [InlineData("include foo", "string:1:9: include must be followed by a quoted name, file(\"...\"), url(\"...\"), classpath(\"...\") or required(...), found 'foo'")]
    [InlineData("include file(foo)", "string:1:14: file(...) takes a quoted name such as file(\"application.conf\")")]
    [InlineData("include file(\"a.conf\"", "string:1:22: expected ')' to close file(")]
    [InlineData("a = { x = 1 } foo", "string:1:15: cannot concatenate an object with a string (\"foo\"); objects concatenate only with objects and substitutions")]
    [InlineData("a = [1] foo", "string:1:9: cannot concatenate a list with a string (\"foo\"); lists concatenate only with lists and substitutions")]
    [InlineData("a = { x = 1 } \" \" { y = 2 }", "string:1:15: cannot concatenate an object with a string (\" \"); objects concatenate only with objects and substitutions")]
    public void Parse_error_message_is_exact(string text, string message) =>
        Assert.Equal(message, Assert.Throws<ConfigurationException>(() => Config.Parse(text)).Message);
}
