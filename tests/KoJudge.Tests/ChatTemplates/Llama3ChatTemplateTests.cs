using KoJudge.ChatTemplates;

namespace KoJudge.Tests.ChatTemplates;

public sealed class Llama3ChatTemplateTests
{
    [Fact]
    public void Renders_one_user_message_ready_for_the_reply()
    {
        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n안녕<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
            Llama3ChatTemplate.Render("안녕"));
    }

    [Fact]
    public void Puts_a_system_message_first_in_the_same_form()
    {
        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n심판<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\n안녕<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
            Llama3ChatTemplate.Render("안녕", "심판"));
    }

    [Fact]
    public void Trims_each_message_as_jinjas_trim_does()
    {
        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n안 녕<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
            Llama3ChatTemplate.Render(" \n\t안 녕\n\n "));
    }
}
