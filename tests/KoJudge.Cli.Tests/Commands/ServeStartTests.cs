using System.Globalization;
using System.Net;
using System.Net.Sockets;
using KoJudge.Cli.Tests.Support;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands;

/// <summary><c>kojudge serve</c> refusing to start, each time with one line that says why.</summary>
public sealed class ServeStartTests
{
    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task An_empty_key_variable_stops_serve_before_it_starts(string key)
    {
        var run = await CliRun.InvokeAsync(
            ["serve", "--model", GeneratedModels.Tiny().Model, "--port", "0", "--api-key-env", "KOJUDGE_EMPTY_KEY"],
            environment: new Dictionary<string, string> { ["KOJUDGE_EMPTY_KEY"] = key });

        run.AssertExit(ExitCodes.BadInput);
        Assert.Equal("error: --api-key-env KOJUDGE_EMPTY_KEY: the variable is empty, and a server with an empty key would refuse every client.", run.Error.TrimEnd());
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task A_port_in_use_is_named_in_one_line_without_a_stack_trace()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

            var run = await CliRun.InvokeAsync(["serve", "--model", GeneratedModels.Tiny().Model, "--port", port, "--threads", "1", "--flash-attention", "off"]);

            run.AssertExit(ExitCodes.BadInput);
            Assert.Equal($"error: 127.0.0.1:{port} is already in use; pick another --port.", run.Error.TrimEnd());
            Assert.Empty(run.Out);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task An_address_not_of_this_machine_is_named_in_one_line()
    {
        // 192.0.2.0/24 is set aside for documentation (RFC 5737), so no machine should have it.
        var run = await CliRun.InvokeAsync(["serve", "--model", GeneratedModels.Tiny().Model, "--host", "192.0.2.1", "--port", "0", "--threads", "1", "--flash-attention", "off"]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.StartsWith("error: cannot listen on 192.0.2.1:0: ", Assert.Single(run.Error.TrimEnd().Split('\n')), StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }
}
