using System.Collections.Concurrent;
using System.Globalization;
using MudBlazor;

namespace Psa.Web.Components.Shared;

/// <summary>The product's Material theme, built once per accent colour.</summary>
public static class PsaThemes
{
    public const string DefaultAccent = "#2563eb";

    private static readonly ConcurrentDictionary<string, MudTheme> Cache = new(StringComparer.OrdinalIgnoreCase);

    private static readonly string[] Fonts = ["Roboto", "system-ui", "-apple-system", "Segoe UI", "Helvetica Neue", "Arial", "sans-serif"];

    public static MudTheme For(string? accent)
    {
        var colour = IsHexColour(accent) ? accent! : DefaultAccent;
        return Cache.GetOrAdd(colour, Build);
    }

    private static MudTheme Build(string accent) => new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = accent,
            PrimaryContrastText = ContrastText(accent),
            Secondary = "#475569",
            Tertiary = "#0d9488",
            Info = "#0284c7",
            Success = "#047857",
            Warning = "#b45309",
            Error = "#b91c1c",
            Background = "#f4f6fb",
            Surface = "#ffffff",
            AppbarBackground = "#ffffff",
            AppbarText = "#1f2937",
            DrawerBackground = "#ffffff",
            DrawerText = "#374151",
            DrawerIcon = "#4b5563",
            TextPrimary = "#1f2937",
            TextSecondary = "#6b7280",
            LinesDefault = "#e5e7eb",
            TableLines = "#e5e7eb",
            Divider = "#e5e7eb",
            ActionDefault = "#4b5563",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = Fonts, FontSize = ".875rem", LineHeight = "1.5" },
            H4 = new H4Typography { FontFamily = Fonts, FontSize = "1.6rem", FontWeight = "600", LineHeight = "1.25" },
            H5 = new H5Typography { FontFamily = Fonts, FontSize = "1.25rem", FontWeight = "600", LineHeight = "1.3" },
            H6 = new H6Typography { FontFamily = Fonts, FontSize = "1.05rem", FontWeight = "600", LineHeight = "1.4" },
            Button = new ButtonTypography { FontFamily = Fonts, FontWeight = "500", TextTransform = "none" },
        },
        LayoutProperties = new LayoutProperties
        {
            DefaultBorderRadius = "8px",
            AppbarHeight = "60px",
            DrawerWidthLeft = "232px",
        },
    };

    private static bool IsHexColour(string? value) =>
        value is { Length: 7 } && value[0] == '#'
        && int.TryParse(value.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _);

    /// <summary>White text on dark accents, near-black on light ones (relative luminance, WCAG).</summary>
    private static string ContrastText(string hex)
    {
        var rgb = int.Parse(hex.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        double Channel(int shift)
        {
            var c = ((rgb >> shift) & 0xff) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        var luminance = (0.2126 * Channel(16)) + (0.7152 * Channel(8)) + (0.0722 * Channel(0));
        return luminance > 0.4 ? "#111827" : "#ffffff";
    }
}
