namespace Sluice.Graphs.Queries;

/// <summary>What a streaming query writes to its sink after each epoch (Spark's output modes).</summary>
public enum OutputMode
{
    /// <summary>Only rows that will never change again: a window's row once the watermark has closed it.</summary>
    Append,

    /// <summary>The rows that changed in this epoch.</summary>
    Update,

    /// <summary>The whole result table, every epoch.</summary>
    Complete,
}
