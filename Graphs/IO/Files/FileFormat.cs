namespace Sluice.Graphs.IO.Files;

/// <summary>The format of the files a file source reads or a file sink writes.</summary>
public enum FileFormat
{
    /// <summary>UTF-8 text, one record per line.</summary>
    Text,

    /// <summary>RFC 4180 CSV, with a header row by default.</summary>
    Csv,

    /// <summary>JSON lines: one JSON object per line.</summary>
    JsonLines,
}
