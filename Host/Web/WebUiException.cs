namespace Sluice.Host.Web;

/// <summary>The web UI could not start (its port is taken, its address is not local...).</summary>
public sealed class WebUiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WebUiException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public WebUiException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public WebUiException(string message)
        : base(message)
    {
    }
}
