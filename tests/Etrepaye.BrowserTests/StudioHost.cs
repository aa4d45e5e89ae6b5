using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;

namespace Etrepaye.BrowserTests;

/// <summary>
/// The real host (its own build output, Studio included) on a free loopback port with a fresh SQLite database and the
/// demo data, and a headless Chromium driven by Playwright. One per test class.
/// </summary>
public sealed class StudioHost : IAsyncLifetime
{
    public const string Password = "Etrepaye-Demo-2026";
    public const string DemoCompany = "Démo Industries SAS";

    private readonly StringBuilder _output = new();
    private Process? _host;
    private string _dataDirectory = string.Empty;
    private IPlaywright? _playwright;

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public async Task InitializeAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("etrepaye-browser-").FullName;
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var hostDirectory = Path.Combine(RepositoryRoot, "src", "Host", "Etrepaye.Host");
        var hostDll = Path.Combine(hostDirectory, "bin", BuildConfiguration(), "net10.0", "Etrepaye.Host.dll");
        if (!File.Exists(hostDll))
        {
            throw new InvalidOperationException($"The host is not built: {hostDll} (dotnet build tests/Etrepaye.BrowserTests builds it).");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            // The content root is the project folder, where the host's build put the Studio (wwwroot).
            WorkingDirectory = hostDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     hostDll, "--urls", BaseAddress.ToString(), "--Etrepaye:DemoMode=true", "--Database:Provider=sqlite",
                     $"--Database:DataDirectory={_dataDirectory}", "--Security:SignInAttemptsPerMinute=1000",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        _host = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        _host.OutputDataReceived += (_, e) => Append(e.Data);
        _host.ErrorDataReceived += (_, e) => Append(e.Data);
        _host.BeginOutputReadLine();
        _host.BeginErrorReadLine();
        await WaitUntilReadyAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_host is { HasExited: false })
        {
            _host.Kill(entireProcessTree: true);
            await _host.WaitForExitAsync();
        }

        _host?.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file the host still held: the temporary folder is left to the system.
        }
    }

    /// <summary>A fresh browser context (its own cookies) with a French-speaking page on the Studio.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1600, Height = 1000 },
            Locale = "fr-FR",
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) => Append($"[browser {message.Type}] {message.Text}");
        page.PageError += (_, error) => Append($"[browser error] {error}");
        return page;
    }

    /// <summary>Runs a browser scenario; on failure, adds the browser's console and the host's output to the error.</summary>
    public async Task RunAsync(Func<Task> scenario)
    {
        try
        {
            await scenario();
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException or ShouldAssertException)
        {
            throw new InvalidOperationException($"{e.Message}\n--- browser console and host output (last 6,000 characters) ---\n{Tail(HostOutput(), 6000)}", e);
        }
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : text[^length..];

    /// <summary>An API client signed in with the session cookie, for arranging data.</summary>
    public async Task<HttpClient> SignedInClientAsync(string email)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = BaseAddress };
        var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { email, password = Password });
        response.EnsureSuccessStatusCode();
        return client;
    }

    public string HostOutput()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (_host!.HasExited)
            {
                throw new InvalidOperationException($"The host exited with {_host.ExitCode}:\n{HostOutput()}");
            }

            try
            {
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The host was not ready after 120 s:\n{HostOutput()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string BuildConfiguration() =>
        new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent?.Name is { Length: > 0 } name ? name : "Debug";

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Etrepaye.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Etrepaye.sln not found above " + AppContext.BaseDirectory);
    }
}
