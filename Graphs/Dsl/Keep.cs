namespace Sluice.Graphs.Dsl;

/// <summary>Combiners for materialized values, for <c>ViaMaterialized</c>, <c>ToMaterialized</c> and the like.</summary>
public static class Keep
{
    /// <summary>Keeps the left (upstream) value.</summary>
    public static TLeft Left<TLeft, TRight>(TLeft left, TRight right) => left;

    /// <summary>Keeps the right (downstream) value.</summary>
    public static TRight Right<TLeft, TRight>(TLeft left, TRight right) => right;

    /// <summary>Keeps both as a tuple.</summary>
    public static (TLeft Left, TRight Right) Both<TLeft, TRight>(TLeft left, TRight right) => (left, right);

    /// <summary>Keeps neither.</summary>
    public static NotUsed None<TLeft, TRight>(TLeft left, TRight right) => NotUsed.Instance;
}
