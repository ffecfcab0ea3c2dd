namespace Sluice.Graphs.State;

/// <summary>A row of either side of a two-input stateful operator (a stream–stream join).</summary>
/// <typeparam name="TLeft">The left side's row.</typeparam>
/// <typeparam name="TRight">The right side's row.</typeparam>
public readonly struct JoinInput<TLeft, TRight>
{
    internal JoinInput(bool isLeft, TLeft left, TRight right)
    {
        IsLeft = isLeft;
        Left = left;
        Right = right;
    }

    /// <summary>True for a left row.</summary>
    public bool IsLeft { get; }

    /// <summary>The left row (default when <see cref="IsLeft"/> is false).</summary>
    public TLeft Left { get; }

    /// <summary>The right row (default when <see cref="IsLeft"/> is true).</summary>
    public TRight Right { get; }
}

/// <summary>Creates <see cref="JoinInput{TLeft,TRight}"/> values.</summary>
public static class JoinInput
{
    /// <summary>A left row.</summary>
    public static JoinInput<TLeft, TRight> OfLeft<TLeft, TRight>(TLeft row) => new(true, row, default!);

    /// <summary>A right row.</summary>
    public static JoinInput<TLeft, TRight> OfRight<TLeft, TRight>(TRight row) => new(false, default!, row);
}
