using KoJudge.Cli.Paths;
using KoJudge.Cli.Tests.Support;

namespace KoJudge.Cli.Tests.Paths;

public sealed class OutputPathCheckTests
{
    private const string Mounts = """
        /dev/vda / ext4 rw,relatime 0 0
        proc /proc proc rw,nosuid 0 0
        devtmpfs /dev devtmpfs rw,size=1k 0 0
        tmpfs /dev/shm tmpfs rw 0 0
        /dev/vdb /srv/read\040only ext4 ro,relatime 0 0
        /dev/vdc /srv/read\040only/scratch ext4 rw 0 0
        """;

    [Theory]
    [InlineData("/home/a/out.jsonl", "/", "ext4", false)]
    [InlineData("/proc/self", "/proc", "proc", false)]
    [InlineData("/processes", "/", "ext4", false)]
    [InlineData("/dev/shm/x", "/dev/shm", "tmpfs", false)]
    [InlineData("/srv/read only/x", "/srv/read only", "ext4", true)]
    [InlineData("/srv/read only/scratch/x", "/srv/read only/scratch", "ext4", false)]
    public void A_path_lies_on_the_deepest_mount_above_it(string path, string point, string type, bool readOnly)
    {
        Assert.Equal((point, type, readOnly), MountTable.Parse(Mounts).Find(path));
    }

    [Fact]
    public void A_read_only_file_system_is_named()
    {
        var paths = new HostilePaths();
        // The test's own temp folder, as if it were mounted read-only.
        var mounts = MountTable.Parse($"/dev/vda / ext4 rw 0 0\n/dev/vdb {paths.Root.Replace(" ", "\\040", StringComparison.Ordinal)} ext4 ro 0 0\n");

        Assert.Equal($"cannot be written here (read-only file system at {paths.Root})", OutputPathCheck.FileProblem(Path.Combine(paths.Root, "out.jsonl"), mounts));
        Assert.Equal($"cannot be written here (read-only file system at {paths.Root})", OutputPathCheck.FolderProblem(Path.Combine(paths.Root, "judged"), mounts));
    }

    [Fact]
    public void Each_problem_is_named_and_a_path_that_can_be_written_passes_leaving_nothing_behind()
    {
        var paths = new HostilePaths();
        var before = paths.Contents();
        var none = MountTable.Empty;

        Assert.Equal("is a directory", OutputPathCheck.FileProblem(paths.Folder, none));
        Assert.Equal($"its folder {paths.AFile} is a file", OutputPathCheck.FileProblem(Path.Combine(paths.AFile, "deeper", "out.jsonl"), none));
        Assert.Equal("names no file", OutputPathCheck.FileProblem(" ", none));
        Assert.Equal("ends in a separator, so it names a folder, not a file", OutputPathCheck.FileProblem(paths.Missing + "/", none));
        Assert.Equal("is a file, not a folder", OutputPathCheck.FolderProblem(paths.AFile, none));
        Assert.Equal($"its folder {paths.AFile} is a file", OutputPathCheck.FolderProblem(paths.UnderAFile, none));
        Assert.Null(OutputPathCheck.FileProblem(paths.Missing, none));
        Assert.Null(OutputPathCheck.FileProblem(paths.AFile, none));
        Assert.Null(OutputPathCheck.FolderProblem(paths.Folder, none));
        Assert.Null(OutputPathCheck.FolderProblem(Path.GetDirectoryName(paths.Missing)!, none));
        Assert.Equal(before, paths.Contents());
    }
}
