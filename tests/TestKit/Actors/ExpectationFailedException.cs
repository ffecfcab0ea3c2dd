namespace Sluice.TestKit;

/// <summary>A test kit expectation was not met; the message says what was expected and what arrived instead.</summary>
public sealed class ExpectationFailedException : Xunit.Sdk.XunitException
{
    /// <summary>Creates the exception.</summary>
    public ExpectationFailedException(string message) : base(message) { }
}
