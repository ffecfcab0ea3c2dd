namespace Sluice.Graphs.IO.Files;

/// <summary>What a file source does with a malformed record.</summary>
public enum BadRecordPolicy
{
    /// <summary>Fail the source with an error naming the file, the line and the reason.</summary>
    Fail,

    /// <summary>Skip the record: count it, and append it to the bad-records file if one is configured.</summary>
    Skip,
}
