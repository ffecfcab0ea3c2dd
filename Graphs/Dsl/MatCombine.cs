namespace Sluice.Graphs.Dsl;

/// <summary>Turns typed combiners into the untyped functions the module tree stores.</summary>
internal static class MatCombine
{
    public static Func<object?[], object?> Of<TLeft, TRight, TResult>(Func<TLeft, TRight, TResult> combine)
    {
        ArgumentNullException.ThrowIfNull(combine);
        return m => combine((TLeft)m[0]!, (TRight)m[1]!);
    }

    public static Func<object?[], object?> Left { get; } = static m => m[0];

    public static Func<object?, object?> Map<TIn, TOut>(Func<TIn, TOut> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return m => map((TIn)m!);
    }
}
