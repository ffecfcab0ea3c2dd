using Microsoft.Extensions.Configuration;

namespace Sluice.Actors.Configuration;

/// <summary>Flattens a resolved config into colon-separated keys for Microsoft.Extensions.Configuration.</summary>
internal sealed class HoconConfigurationProvider(Func<Config> load) : ConfigurationProvider
{
    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Flatten(load().ResolvedRoot, null, data);
        Data = data;
    }

    internal static void Flatten(HoconValue value, string? key, Dictionary<string, string?> data)
    {
        switch (value)
        {
            case HoconObject { Count: 0 } or HoconArray { Items.Count: 0 }:
                if (key is not null)
                {
                    data[key] = null;
                }

                break;
            case HoconObject obj:
                foreach (var (name, child) in obj.Fields)
                {
                    Flatten(child, key is null ? name : $"{key}{ConfigurationPath.KeyDelimiter}{name}", data);
                }

                break;
            case HoconArray array:
                for (var i = 0; i < array.Items.Count; i++)
                {
                    Flatten(array.Items[i], $"{key}{ConfigurationPath.KeyDelimiter}{i}", data);
                }

                break;
            case HoconScalar scalar when key is not null:
                data[key] = scalar.Kind == HoconScalarKind.Null ? null : scalar.Text;
                break;
        }
    }
}
