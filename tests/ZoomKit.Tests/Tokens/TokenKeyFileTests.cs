using ZoomKit.Tokens;

namespace ZoomKit.Tests.Tokens;

public sealed class TokenKeyFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "zoomkit-key-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void LoadOrCreate_ManyCallersAtOnceOnNoFile_AllGetTheOneKeyLeftInTheFile()
    {
        // Many rounds of many callers released together: a creation that can replace another's key,
        // or a reader that can see a file not yet whole, shows in some round.
        for (var round = 0; round < 50; round++)
        {
            var path = Path.Combine(_folder, $"round-{round}", "tokens.db.key");
            using var start = new Barrier(8);
            var keys = new byte[8][];
            var callers = Enumerable.Range(0, 8).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                keys[i] = TokenKeyFile.LoadOrCreate(path);
            })).ToList();
            callers.ForEach(t => t.Start());
            callers.ForEach(t => t.Join());

            var kept = TokenKeyFile.LoadOrCreate(path);
            Assert.All(keys, key => Assert.Equal(kept, key));
            Assert.Equal(["tokens.db.key"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(f => Path.GetFileName(f)!).ToArray());
        }
    }
}
