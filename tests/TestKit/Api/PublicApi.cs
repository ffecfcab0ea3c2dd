using System.Reflection;
using System.Text;

namespace Sluice.TestKit;

/// <summary>
/// Renders the public surface of an assembly as sorted text, for approval tests: a test compares it with a
/// committed file, so a change to the public API is visible in review. Set <c>SLUICE_ACCEPT_API=1</c> to
/// rewrite the approved file after an intended change.
/// </summary>
public static class PublicApi
{
    /// <summary>One line per public type and member, sorted.</summary>
    public static string Render(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            lines.Add(TypeHeader(type));
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var members = new List<string>();
            foreach (var m in type.GetMembers(flags | BindingFlags.NonPublic))
            {
                var text = Member(m);
                if (text is not null) members.Add("    " + text);
            }
            members.Sort(StringComparer.Ordinal);
            lines.AddRange(members);
        }
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>
    /// Asserts that the rendered API equals the file at <paramref name="approvedPath"/>; with
    /// <c>SLUICE_ACCEPT_API=1</c> writes the file instead.
    /// </summary>
    public static void Verify(Assembly assembly, string approvedPath)
    {
        var actual = Render(assembly);
        if (Environment.GetEnvironmentVariable("SLUICE_ACCEPT_API") == "1" || !File.Exists(approvedPath))
        {
            File.WriteAllText(approvedPath, actual);
            if (Environment.GetEnvironmentVariable("SLUICE_ACCEPT_API") != "1")
                throw new ExpectationFailedException($"No approved API file existed; wrote {approvedPath}. Review and commit it.");
            return;
        }
        var approved = File.ReadAllText(approvedPath).ReplaceLineEndings("\n");
        if (approved == actual) return;
        var a = approved.Split('\n').ToHashSet();
        var b = actual.Split('\n').ToHashSet();
        var sb = new StringBuilder($"The public API of {assembly.GetName().Name} changed. If intended, run the tests with SLUICE_ACCEPT_API=1 and commit {approvedPath}.\n");
        foreach (var removed in a.Except(b)) sb.Append("- ").AppendLine(removed);
        foreach (var added in b.Except(a)) sb.Append("+ ").AppendLine(added);
        throw new ExpectationFailedException(sb.ToString());
    }

    private static string TypeHeader(Type t)
    {
        var kind = t.IsInterface ? "interface" : t.IsEnum ? "enum" : t.IsValueType ? "struct" : typeof(Delegate).IsAssignableFrom(t) ? "delegate" : "class";
        var mods = t.IsAbstract && t.IsSealed ? "static " : t.IsAbstract && !t.IsInterface ? "abstract " : t.IsSealed && !t.IsValueType && !t.IsEnum ? "sealed " : "";
        var bases = new List<string>();
        if (t.BaseType is { } bt && bt != typeof(object) && bt != typeof(ValueType) && bt != typeof(Enum) && bt != typeof(MulticastDelegate)) bases.Add(Name(bt));
        bases.AddRange(t.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(Name).Order(StringComparer.Ordinal));
        return $"{mods}{kind} {Name(t)}{(bases.Count > 0 ? " : " + string.Join(", ", bases) : "")}";
    }

    private static string? Member(MemberInfo m)
    {
        switch (m)
        {
            case ConstructorInfo c when c.IsPublic || c.IsFamily || c.IsFamilyOrAssembly:
                return $"{Access(c)}ctor({Params(c.GetParameters())})";
            case MethodInfo mi when (mi.IsPublic || mi.IsFamily || mi.IsFamilyOrAssembly) && !mi.IsSpecialName:
                return $"{Access(mi)}{(mi.IsStatic ? "static " : mi.IsAbstract ? "abstract " : mi.IsVirtual && !mi.IsFinal ? "virtual " : "")}{Name(mi.ReturnType)} {mi.Name}{(mi.IsGenericMethod ? "<" + string.Join(", ", mi.GetGenericArguments().Select(a => a.Name)) + ">" : "")}({Params(mi.GetParameters())})";
            case PropertyInfo p:
                var get = p.GetMethod is { } g && (g.IsPublic || g.IsFamily || g.IsFamilyOrAssembly) ? g : null;
                var set = p.SetMethod is { } s && (s.IsPublic || s.IsFamily || s.IsFamilyOrAssembly) ? s : null;
                if (get is null && set is null) return null;
                var acc = get ?? set!;
                return $"{Access(acc)}{(acc.IsStatic ? "static " : "")}{Name(p.PropertyType)} {p.Name} {{ {(get is null ? "" : "get; ")}{(set is null ? "" : "set; ")}}}";
            case FieldInfo f when (f.IsPublic || f.IsFamily) && !f.IsSpecialName:
                return $"{(f.IsFamily ? "protected " : "")}{(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{(f.IsInitOnly ? "readonly " : "")}{Name(f.FieldType)} {f.Name}";
            case EventInfo e:
                return $"event {Name(e.EventHandlerType!)} {e.Name}";
            default:
                return null;
        }
    }

    private static string Access(MethodBase m) => m.IsFamily || m.IsFamilyOrAssembly ? "protected " : "";

    private static string Params(ParameterInfo[] ps) =>
        string.Join(", ", ps.Select(p => $"{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : "")}"));

    private static string Name(Type t)
    {
        if (t.IsGenericParameter) return t.Name;
        if (t.IsArray) return Name(t.GetElementType()!) + "[]";
        if (t.IsByRef) return "ref " + Name(t.GetElementType()!);
        var name = t.IsNested ? Name(t.DeclaringType!) + "." + t.Name : t.Namespace + "." + t.Name;
        if (!t.IsGenericType) return name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0) name = name[..tick];
        return $"{name}<{string.Join(", ", t.GetGenericArguments().Select(Name))}>";
    }
}
