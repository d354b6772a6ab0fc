using System.Diagnostics;
using System.Net;
using System.Text.Json;
using KoJudge.Cli.Tests.Support;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands;

public sealed class ServeTests : IAsyncLifetime
{
    private const string Key = ServedTinyModel.Key;
    private static readonly IReadOnlyDictionary<string, string> Environment = ServedTinyModel.Environment;
    private ServedTinyModel server = null!;
    private Uri baseAddress = null!;

    public async ValueTask InitializeAsync()
    {
        server = await ServedTinyModel.StartAsync();
        baseAddress = server.BaseAddress;
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task Health_and_models_answer_and_the_key_is_required()
    {
        using var http = new HttpClient();

        var health = await http.GetAsync(new Uri(baseAddress, "../health"), TestContext.Current.CancellationToken);
        var refused = await http.GetAsync(new Uri(baseAddress, "models"), TestContext.Current.CancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, "models"));
        request.Headers.Authorization = new("Bearer", Key);
        var models = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var list = JsonDocument.Parse(await models.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("tiny-v1", list.RootElement.GetProperty("data")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Bad_fields_are_refused_with_400s_naming_them_and_the_bearer_scheme_is_read_in_any_case()
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"bearer {Key}");
        (string Json, string Field)[] cases =
        [
            ("""{"messages": [{"role": "user", "content": "q"}], "seed": 99999999999999999999}""", "seed"),
            ("""{"messages": [5]}""", "messages[0]"),
            ("""{"messages": [{"role": "user", "content": "\ud800"}]}""", "messages[0].content"),
            ("""{"messages": [{"role": "user", "content": "q"}], "temperature": "hot"}""", "temperature"),
            ("""{"messages": [{"role": "user", "content": "q"}], "n": 2}""", "n"),
        ];

        var models = await http.GetAsync(new Uri(baseAddress, "models"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        foreach (var (json, field) in cases)
        {
            var reply = await http.PostAsync(new Uri(baseAddress, "chat/completions"), new StringContent(json, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            using var body = JsonDocument.Parse(await reply.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

            Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
            Assert.Equal(field, body.RootElement.GetProperty("error").GetProperty("param").GetString());
            Assert.Equal("invalid_request_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());
            Assert.StartsWith("req_", Assert.Single(reply.Headers.GetValues("x-request-id")), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_official_OpenAI_client_for_Node_gets_plain_and_streamed_replies_with_logprobs()
    {
        var script = Path.Combine(Directory.CreateTempSubdirectory("kojudge-node-").FullName, "client.js");
        await File.WriteAllTextAsync(script, """
            const OpenAI = require("openai");
            const client = new OpenAI({ baseURL: process.argv[2], apiKey: process.argv[3] });
            (async () => {
              const ask = { model: "tiny-v1", messages: [{ role: "user", content: "1 더하기 1은?" }], max_tokens: 24, logprobs: true, top_logprobs: 2 };
              const plain = await client.chat.completions.create(ask);
              let streamed = "";
              let finish = null;
              const streamedLogprobs = [];
              const stream = await client.chat.completions.create({ ...ask, stream: true });
              for await (const chunk of stream) {
                const choice = chunk.choices[0];
                streamed += choice?.delta?.content ?? "";
                finish = choice?.finish_reason ?? finish;
                streamedLogprobs.push(...(choice?.logprobs?.content ?? []));
              }
              console.log(JSON.stringify({ plain: plain.choices[0].message.content, plainFinish: plain.choices[0].finish_reason, plainLogprobs: plain.choices[0].logprobs.content, streamed, finish, streamedLogprobs }));
            })().catch(e => { console.error(e); process.exit(1); });
            """, TestContext.Current.CancellationToken);
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(baseAddress.ToString());
        start.ArgumentList.Add(Key);
        start.Environment["NODE_PATH"] = Path.Combine(SharedData.RepositoryRoot(), ".cache", "npm", "node_modules");
        using var node = Process.Start(start)!;
        var output = await node.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = await node.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await node.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(node.ExitCode == 0, error);
        using var reply = JsonDocument.Parse(output);
        var plain = reply.RootElement.GetProperty("plain").GetString()!;
        Assert.Matches(@"\[RESULT\] [1-5]\z", plain);
        Assert.Equal(plain, reply.RootElement.GetProperty("streamed").GetString());
        Assert.Equal(reply.RootElement.GetProperty("plainFinish").GetString(), reply.RootElement.GetProperty("finish").GetString());
        var plainTokens = reply.RootElement.GetProperty("plainLogprobs").EnumerateArray().ToList();
        var streamedTokens = reply.RootElement.GetProperty("streamedLogprobs").EnumerateArray().ToList();
        Assert.NotEmpty(plainTokens);
        Assert.Equal(plainTokens.Select(t => t.GetProperty("token").GetString()), streamedTokens.Select(t => t.GetProperty("token").GetString()));
        Assert.All(plainTokens.Zip(streamedTokens), pair =>
        {
            Assert.Equal(pair.First.GetProperty("logprob").GetDouble(), pair.Second.GetProperty("logprob").GetDouble(), tolerance: 1e-3);
            Assert.Equal(2, pair.Second.GetProperty("top_logprobs").GetArrayLength());
        });
    }

    [Fact]
    public async Task Logprobs_are_served_and_KoJudges_HTTP_engine_reads_the_score_distribution_from_them()
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", Key);
        var reply = await http.PostAsync(new Uri(baseAddress, "chat/completions"), new StringContent(
            """{"model": "tiny-v1", "messages": [{"role": "user", "content": "1+1?"}], "max_tokens": 20, "logprobs": true, "top_logprobs": 3}""",
            System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var judged = await CliRun.InvokeAsync(
            ["judge", "--endpoint", baseAddress.ToString(), "--model", "tiny-v1", "--api-key-env", "KOJUDGE_SERVE_KEY",
             "--rubric", "math", "--instruction", "1+1?", "--response", "2", "--max-tokens", "24"],
            environment: Environment);

        using var completion = JsonDocument.Parse(await reply.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var choice = completion.RootElement.GetProperty("choices")[0];
        var tokens = choice.GetProperty("logprobs").GetProperty("content").EnumerateArray().ToList();
        Assert.Equal(completion.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), tokens.Count);
        Assert.All(tokens, t =>
        {
            Assert.Equal(3, t.GetProperty("top_logprobs").GetArrayLength());
            Assert.True(t.GetProperty("logprob").GetDouble() <= 0);
        });
        judged.AssertExit(ExitCodes.Success);
        using var row = JsonDocument.Parse(judged.Out);
        var probabilities = row.RootElement.GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()).ToList();
        Assert.Equal(5, probabilities.Count);
        Assert.Equal(1.0, probabilities.Sum(), precision: 6);
        Assert.InRange(row.RootElement.GetProperty("expected_score").GetDouble(), 1.0, 5.0);
    }

    [Fact]
    public async Task A_prompt_longer_than_the_servers_context_fails_after_one_request_as_prompt_too_long()
    {
        var judged = await CliRun.InvokeAsync(
            ["judge", "--endpoint", baseAddress.ToString(), "--model", "tiny-v1", "--api-key-env", "KOJUDGE_SERVE_KEY", "--retries", "2",
             "--rubric", "math", "--instruction", "1+1?", "--response", new string('가', 6_000), "--max-tokens", "24"],
            environment: Environment);

        judged.AssertExit(ExitCodes.NoVerdict);
        using var row = JsonDocument.Parse(judged.Out);
        Assert.Equal("prompt_too_long", row.RootElement.GetProperty("error_kind").GetString());
        // kojudge serve says so with OpenAI's code, and the client takes it at its word: one request, no retries.
        Assert.Equal(1, row.RootElement.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_client_killed_with_SIGKILL_and_run_again_leaves_each_of_200_ids_exactly_once()
    {
        var directory = Directory.CreateTempSubdirectory("kojudge-serve-").FullName;
        var input = Path.Combine(directory, "items.jsonl");
        var output = Path.Combine(directory, "out.jsonl");
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, 200).Select(n => JsonSerializer.Serialize(new { id = $"item-{n}", instruction = $"{n} 더하기 {n}은?", response = $"{2 * n}", rubric = "math" })), TestContext.Current.CancellationToken);
        string[] judge = ["judge", "--endpoint", baseAddress.ToString(), "--model", "tiny-v1", "--api-key-env", "KOJUDGE_SERVE_KEY", "--input", input, "--output", output, "--max-tokens", "16", "--concurrency", "8"];

        using (var first = ToolProcess.Start(judge, Environment))
        {
            for (var waited = 0; waited < 600 && (!File.Exists(output) || File.ReadAllLines(output).Length < 40); waited++)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
            first.Kill();
            await first.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
        var afterKill = File.ReadAllLines(output).Length;
        using var second = ToolProcess.Start(judge, Environment);
        var log = await second.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await second.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.InRange(afterKill, 40, 199);
        Assert.True(second.ExitCode == 0, log);
        var ids = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!).ToList();
        Assert.Equal(200, ids.Count);
        Assert.Equal(Enumerable.Range(0, 200).Select(n => $"item-{n}").Order(), ids.Order());
    }
}
