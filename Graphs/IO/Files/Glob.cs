using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Graphs.IO.Files;

/// <summary>
/// A file name pattern on paths relative to the source directory, with '/' separators: <c>*</c> matches within
/// one path segment, <c>?</c> one character, <c>**/</c> any number of directories (<c>**/*.txt</c> matches
/// <c>a.txt</c> and <c>x/y/a.txt</c>). A pattern without '/' matches files directly in the directory.
/// </summary>
internal sealed class Glob
{
    private readonly Regex _regex;

    public Glob(string pattern)
    {
        Pattern = pattern;
        Recursive = pattern.Contains('/', StringComparison.Ordinal);
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(?:[^/]*/)*" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        _regex = new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    public string Pattern { get; }

    /// <summary>Whether the pattern reaches into subdirectories.</summary>
    public bool Recursive { get; }

    public bool IsMatch(string relativePath) => _regex.IsMatch(relativePath);
}
