using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace Psa.Web.Components.Shared;

/// <summary>
/// MudBlazor's theme provider with its style text made once per theme and shared by every circuit. The base class
/// builds the theme's CSS variables (about 12 KB of text) anew for each circuit and keeps its own copy for the
/// circuit's life; with hundreds of idle portal circuits a node holds one copy per accent colour instead.
/// Renders what the base renders (MudBlazor 9: the scrollbar style, the chart hover style, the theme).
/// </summary>
public sealed class SharedThemeProvider : MudThemeProvider
{
    private const string ChartStyle = "<style>\n    .mud-chart-serie:hover {\n        filter: url(#lighten);\n    }\n\n    .mud-chart-serie-hovered \n    {\n        filter: url(#lighten);\n    }\n</style>\n\n";

    private static readonly string Scrollbar = BuildMudBlazorScrollbar();

    // Keyed by the theme object (PsaThemes keeps one per accent colour); light mode only: dark mode is built each time.
    private static readonly ConditionalWeakTable<MudTheme, string> LightStyles = [];

    private bool _dark;

    public override Task SetParametersAsync(ParameterView parameters)
    {
        _dark = parameters.TryGetValue<bool>(nameof(IsDarkMode), out var dark) && dark;
        return base.SetParametersAsync(parameters);
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!DefaultScrollbar)
        {
            builder.AddContent(0, (MarkupString)Scrollbar);
        }

        builder.AddMarkupContent(1, ChartStyle);
        builder.AddContent(2, (MarkupString)(_dark ? BuildTheme() : LightStyles.GetValue(GetTheme(), _ => BuildTheme())));
    }
}
