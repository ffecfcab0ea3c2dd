namespace Sluice.Graphs.Queries.Checkpoints;

/// <summary>
/// A checkpoint cannot be read: the directory is not a checkpoint, or the checkpoint (or its state journal) is damaged.
/// The message names the file, the cause and the fix.
/// </summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, where, and the fix.</param>
    /// <param name="damaged">True when a checkpoint is there but damaged; false when the directory is not a checkpoint.</param>
    /// <param name="inner">The SQLite or JSON error behind it.</param>
    public CheckpointException(string message, bool damaged, Exception? inner = null)
        : base(message, inner)
    {
        IsDamaged = damaged;
    }

    /// <summary>Creates the exception (for a damaged checkpoint).</summary>
    public CheckpointException()
        : this("The checkpoint is damaged.", damaged: true)
    {
    }

    /// <summary>Creates the exception (for a damaged checkpoint).</summary>
    /// <param name="message">What failed, where, and the fix.</param>
    public CheckpointException(string message)
        : this(message, damaged: true)
    {
    }

    /// <summary>Creates the exception (for a damaged checkpoint).</summary>
    /// <param name="message">What failed, where, and the fix.</param>
    /// <param name="inner">The cause.</param>
    public CheckpointException(string message, Exception inner)
        : this(message, damaged: true, inner)
    {
    }

    /// <summary>True when a checkpoint is there but damaged (exit code 3 of <c>sluice</c>); false when the directory is not a checkpoint, or the checkpoint belongs to a different query.</summary>
    public bool IsDamaged { get; }
}
