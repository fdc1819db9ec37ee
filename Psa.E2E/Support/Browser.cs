using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Psa.E2E.Support;

/// <summary>Debian's Chromium driven by Playwright (its own browser download is not possible here).</summary>
public sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Instance = browser;
    }

    public IBrowser Instance { get; }

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("PSA_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<Browser> LaunchAsync()
    {
        // Two journeys share two cores (docs/decisions/016): an expectation waits up to 15 s, not Playwright's 5 s.
        // A passing expectation returns as soon as it holds, so this costs nothing when the machine keeps up.
        Assertions.SetDefaultExpectTimeout(15_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        return new Browser(playwright, browser);
    }

    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Instance.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            Locale = "en-GB",
        });
        // Clicks and navigations wait up to 60 s (a sign-up provisions a database while another journey runs).
        context.SetDefaultTimeout(60_000);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        await KeepLastPagesAsync();
        await Instance.DisposeAsync();
        _playwright.Dispose();
    }

    /// <summary>
    /// The last state of every open page (<c>artifacts/last-pages</c>): when a journey fails, this is what
    /// the browser showed at that moment.
    /// </summary>
    private async Task KeepLastPagesAsync()
    {
        var directory = Path.Combine(Path.GetDirectoryName(PageExtensions.ScreenshotDirectory)!, "last-pages");
        Directory.CreateDirectory(directory);
        var stamp = DateTime.UtcNow.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var index = 0;
        foreach (var page in Instance.Contexts.SelectMany(c => c.Pages).Where(p => !p.IsClosed))
        {
            try
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, $"{stamp}-{index++}.png"), Timeout = 5_000 });
            }
            catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
            {
                // A page still loading (or closed) is not worth failing the run for.
            }
        }
    }
}

public static class PageExtensions
{
    /// <summary>Where screenshots are kept as test artifacts (<c>artifacts/screenshots</c> at the repository root).</summary>
    public static string ScreenshotDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Psa.sln")))
            {
                dir = dir.Parent;
            }

            var path = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "artifacts", "screenshots");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    public static async Task ShotAsync(this IPage page, string name)
    {
        // From the top, so the sticky top bar is where a person sees it.
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    /// <summary>
    /// Resizes an open page and, on a staff page, waits for its menu to follow: the menu closes below 960 px and opens
    /// again above through the circuit, moving the page's content. Without the wait a photo can catch the old menu and
    /// a click can land where a link was before the menu moved (the day-one journey failed once on it). A page loaded
    /// after the resize needs none of this: it renders at its width.
    /// </summary>
    public static async Task ResizeAsync(this IPage page, int width, int height)
    {
        await page.SetViewportSizeAsync(width, height);
        var menu = page.Locator(".psa-drawer");
        if (await menu.CountAsync() == 0)
        {
            return;
        }

        var open = new Regex("mud-drawer--open");
        if (width >= 960)
        {
            await Assertions.Expect(menu).ToHaveClassAsync(open);
        }
        else
        {
            await Assertions.Expect(menu).Not.ToHaveClassAsync(open);
        }
    }

    /// <summary>Waits until the Blazor circuit is connected, so clicks do not land on the prerendered page.</summary>
    public static Task WaitInteractiveAsync(this IPage page) =>
        page.Locator("[data-interactive='true'], [data-ready='true']").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });

    /// <summary>
    /// Chooses a file in a Blazor file input and waits until <paramref name="shown"/> names it. The circuit being
    /// interactive does not mean the input's script is attached yet (it attaches after the component's render, and
    /// after an in-app navigation the layout is interactive already): a choice made in between is not seen by the page,
    /// and a person would simply choose again. So does this, up to three times (the SOW journey failed once on it).
    /// </summary>
    /// <remarks>Only for a choice that does nothing but show the file until a button is pressed: choosing again must be harmless.</remarks>
    public static async Task ChooseFileAsync(this ILocator input, string path, ILocator shown)
    {
        var name = Path.GetFileName(path);
        for (var attempt = 1; ; attempt++)
        {
            await input.SetInputFilesAsync(path);
            try
            {
                await Assertions.Expect(shown).ToContainTextAsync(name, new() { Timeout = attempt < 3 ? 8_000 : 30_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }
    }
}
