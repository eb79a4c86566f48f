<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AudiencePage</name>
    <message>
        <source>Name and audience</source>
        <translation>名称与受众</translation>
    </message>
    <message>
        <source>Who should get this campaign? Choose saved segments or tags; contacts in an excluded tag never get it.</source>
        <translation>这次活动发给谁？请选择已保存的分组或标签；带有排除标签的联系人不会收到。</translation>
    </message>
    <message>
        <source>e.g. Weekend sale</source>
        <translation>例如：周末特惠</translation>
    </message>
    <message>
        <source>Campaign name:</source>
        <translation>活动名称：</translation>
    </message>
    <message>
        <source>Every contact in the book</source>
        <translation>通讯录中的全部联系人</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Leave out contacts tagged</source>
        <translation>排除带以下标签的联系人</translation>
    </message>
</context>
<context>
    <name>CampaignErrors</name>
    <message>
        <source>The send window must stay between 08:00 and 21:00 (quiet hours).</source>
        <translation>发送时段必须在 08:00 至 21:00 之间（其余为免打扰时段）。</translation>
    </message>
    <message>
        <source>The send window must open before it closes.</source>
        <translation>发送时段的开始时间必须早于结束时间。</translation>
    </message>
    <message>
        <source>That is not a time of day.</source>
        <translation>这不是有效的时间。</translation>
    </message>
    <message>
        <source>The campaign is %1, so this is not possible now.</source>
        <translation>活动当前状态为“%1”，现在不能这样操作。</translation>
    </message>
    <message>
        <source>The campaign cannot be sent:</source>
        <translation>活动无法发送：</translation>
    </message>
    <message>
        <source>Something it needs was deleted (%1).</source>
        <translation>活动需要的数据已被删除（%1）。</translation>
    </message>
    <message>
        <source>Shares under 100% need a time to send the winner to the rest.</source>
        <translation>分流比例合计不足 100% 时，需要设定把胜出版本发给其余受众的时间。</translation>
    </message>
    <message>
        <source>The end time must be after the start.</source>
        <translation>结束时间必须晚于开始时间。</translation>
    </message>
    <message>
        <source>Variant shares must be positive and add up to at most 100%.</source>
        <translation>各版本的比例必须大于 0，且合计不超过 100%。</translation>
    </message>
    <message>
        <source>Choose who gets the campaign.</source>
        <translation>请选择活动的受众。</translation>
    </message>
    <message>
        <source>Give the campaign a name.</source>
        <translation>请为活动命名。</translation>
    </message>
    <message>
        <source>Tick at least one weekday.</source>
        <translation>请至少勾选一天。</translation>
    </message>
    <message>
        <source>Unexpected error: %1</source>
        <translation>意外错误：%1</translation>
    </message>
</context>
<context>
    <name>CampaignLabels</name>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>已排期</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>No consent for this kind of message</source>
        <translation>未授权接收此类短信</translation>
    </message>
    <message>
        <source>Opted out</source>
        <translation>已退订</translation>
    </message>
    <message>
        <source>Frequency limit for their tier reached</source>
        <translation>已达所属层级的发送频次上限</translation>
    </message>
    <message>
        <source>Not a valid mobile number</source>
        <translation>不是有效的手机号码</translation>
    </message>
    <message>
        <source>Suspect number (3 failed deliveries in a row)</source>
        <translation>疑似空号（连续 3 次发送失败）</translation>
    </message>
    <message>
        <source>Their carrier refuses this text (link or contact details)</source>
        <translation>其运营商会拦截此内容（含链接或联系方式）</translation>
    </message>
    <message>
        <source>A template variable has no value for them</source>
        <translation>模板变量缺少该联系人的取值</translation>
    </message>
    <message>
        <source>The campaign ends before the rate limit reaches them</source>
        <translation>按发送速率，活动结束前轮不到他们</translation>
    </message>
    <message>
        <source>Ask for consent first, e.g. with a re-permission message.</source>
        <translation>请先取得授权，例如发送再授权短信。</translation>
    </message>
    <message>
        <source>Give the campaign a later end time to defer instead of dropping.</source>
        <translation>把活动结束时间延后，即可顺延发送而不是放弃。</translation>
    </message>
    <message>
        <source>Remove the link or phone number; use a redemption code instead.</source>
        <translation>删除链接或电话号码，改用兑换码。</translation>
    </message>
    <message>
        <source>Fill in the missing field or remove the variable.</source>
        <translation>补全缺失的字段，或去掉该变量。</translation>
    </message>
    <message>
        <source>Allow a later end time, a wider window or a higher rate.</source>
        <translation>延后结束时间、放宽发送时段或提高发送速率。</translation>
    </message>
    <message>
        <source>The template is not approved for this provider account</source>
        <translation>该模板尚未在此服务商账号审核通过</translation>
    </message>
    <message>
        <source>The template uses an unknown variable {%1}</source>
        <translation>模板使用了未知变量 {%1}</translation>
    </message>
    <message>
        <source>The message has no 【signature】</source>
        <translation>短信缺少【签名】</translation>
    </message>
    <message>
        <source>The signature is not registered with this provider</source>
        <translation>签名未在此服务商报备</translation>
    </message>
    <message>
        <source>The marketing message does not say how to opt out</source>
        <translation>营销短信未写明退订方式</translation>
    </message>
    <message>
        <source>Content rule %1 forbids sending</source>
        <translation>内容规则 %1 禁止发送</translation>
    </message>
    <message>
        <source>Paused automatically: complaint rate %1 is above %2</source>
        <translation>已自动暂停：投诉率 %1 超过 %2</translation>
    </message>
    <message>
        <source>Paused: the content or its approval no longer allows sending</source>
        <translation>已暂停：内容或审核状态已不允许发送</translation>
    </message>
    <message>
        <source>Paused: a run could not be queued (%1)</source>
        <translation>已暂停：本轮发送无法排队（%1）</translation>
    </message>
    <message>
        <source>Paused by you</source>
        <translation>已由您暂停</translation>
    </message>
    <message>
        <source>Warning: opt-out rate %1 is above %2</source>
        <translation>警告：退订率 %1 超过 %2</translation>
    </message>
    <message>
        <source>Every day at %1</source>
        <translation>每天 %1</translation>
    </message>
    <message>
        <source>Weekly at %1</source>
        <translation>每周 %1</translation>
    </message>
    <message>
        <source>On birthdays at %1</source>
        <translation>生日当天 %1</translation>
    </message>
    <message>
        <source>%1 days after the last purchase, at %2</source>
        <translation>最近一次消费 %1 天后的 %2</translation>
    </message>
    <message>
        <source>Once, at the start time</source>
        <translation>一次，于开始时间</translation>
    </message>
    <message>
        <source>Once, right away</source>
        <translation>一次，立即开始</translation>
    </message>
</context>
<context>
    <name>CampaignWizard</name>
    <message>
        <source>New campaign</source>
        <translation>新建活动</translation>
    </message>
    <message>
        <source>Start campaign</source>
        <translation>开始活动</translation>
    </message>
</context>
<context>
    <name>CampaignsPage</name>
    <message>
        <source>Campaigns</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>New campaign…</source>
        <translation>新建活动…</translation>
    </message>
    <message>
        <source>Redeem codes…</source>
        <translation>核销兑换码…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>No campaigns yet</source>
        <translation>还没有营销活动</translation>
    </message>
    <message>
        <source>Plan a campaign: audience, template, send window. The pre-flight report shows who gets it and what it costs before anything is sent.</source>
        <translation>规划一次活动：受众、模板、发送时段。发送前，预检报告会告诉您谁会收到、花费多少。</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>排期</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Opt-outs</source>
        <translation>退订</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>已核销</translation>
    </message>
    <message>
        <source>Selected campaign</source>
        <translation>所选活动</translation>
    </message>
    <message>
        <source>Template:</source>
        <translation>模板：</translation>
    </message>
    <message>
        <source>Send window:</source>
        <translation>发送时段：</translation>
    </message>
    <message>
        <source>Runs:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <source>Sent / delivered:</source>
        <translation>已发送 / 已送达：</translation>
    </message>
    <message>
        <source>Delivery / reply rate:</source>
        <translation>送达率 / 回复率：</translation>
    </message>
    <message>
        <source>Opt-out / complaint rate:</source>
        <translation>退订率 / 投诉率：</translation>
    </message>
    <message>
        <source>Cost so far:</source>
        <translation>已产生费用：</translation>
    </message>
    <message>
        <source>Variant</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>比例</translation>
    </message>
    <message>
        <source>Replies</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Cancel campaign</source>
        <translation>取消活动</translation>
    </message>
    <message>
        <source>Not sent while SMSDesk was closed (not sent late): %1</source>
        <translation>SMSDesk 关闭期间未发送（不会补发）：%1</translation>
    </message>
    <message>
        <source>The campaign is now %1.</source>
        <translation>活动当前状态：%1。</translation>
    </message>
    <message>
        <source>Write a template first (Templates page).</source>
        <translation>请先编写模板（“模板”页面）。</translation>
    </message>
    <message>
        <source>Starting “%1”…</source>
        <translation>正在开始“%1”…</translation>
    </message>
    <message>
        <source>Campaign started.</source>
        <translation>活动已开始。</translation>
    </message>
</context>
<context>
    <name>ContentPage</name>
    <message>
        <source>Message</source>
        <translation>短信内容</translation>
    </message>
    <message>
        <source>Pick the template. For an A/B test add up to four more; each gets a random, repeatable share of the audience.</source>
        <translation>选择模板。做 A/B 测试时最多再添加四个版本；每个版本随机但可重现地分得一部分受众。</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Share %</source>
        <translation>比例 %</translation>
    </message>
    <message>
        <source>Add A/B variant</source>
        <translation>添加 A/B 版本</translation>
    </message>
    <message>
        <source>Remove last variant</source>
        <translation>删除最后一个版本</translation>
    </message>
    <message>
        <source>Send the best variant to the rest at:</source>
        <translation>把效果最好的版本发给其余受众的时间：</translation>
    </message>
    <message>
        <source>(service message)</source>
        <translation>（服务类短信）</translation>
    </message>
    <message>
        <source>The shares add up to %1%: at most 100%.</source>
        <translation>比例合计为 %1%，最多 100%。</translation>
    </message>
    <message>
        <source>%1% of the audience is in the test; the other %2% gets the best variant later.</source>
        <translation>%1% 的受众参与测试，其余 %2% 稍后收到效果最好的版本。</translation>
    </message>
</context>
<context>
    <name>DeliveryPage</name>
    <message>
        <source>Provider and speed</source>
        <translation>服务商与速度</translation>
    </message>
    <message>
        <source>Which provider account sends it, and how fast. The template must be approved on that account.</source>
        <translation>用哪个服务商账号发送、发送多快。模板必须已在该账号审核通过。</translation>
    </message>
    <message>
        <source>(in use)</source>
        <translation>（使用中）</translation>
    </message>
    <message>
        <source>Provider account:</source>
        <translation>服务商账号：</translation>
    </message>
    <message>
        <source>As fast as the account allows</source>
        <translation>按账号允许的最快速度</translation>
    </message>
    <message>
        <source> per minute</source>
        <translation> 条/分钟</translation>
    </message>
    <message>
        <source>At most:</source>
        <translation>最多：</translation>
    </message>
    <message>
        <source>A slower pace spreads the replies your staff must answer; messages that do not fit in today&apos;s window wait for tomorrow&apos;s.</source>
        <translation>放慢速度可以让店员从容处理回复；今天时段内发不完的短信会顺延到明天的时段。</translation>
    </message>
</context>
<context>
    <name>PreflightPage</name>
    <message>
        <source>Pre-flight check</source>
        <translation>发送前预检</translation>
    </message>
    <message>
        <source>Nothing has been sent or queued. Check who gets the campaign and what it costs, then confirm.</source>
        <translation>尚未发送或排队任何短信。请核对谁会收到、花费多少，然后确认。</translation>
    </message>
    <message>
        <source>Cancel check</source>
        <translation>取消检查</translation>
    </message>
    <message>
        <source>I have checked this report and want to start the campaign</source>
        <translation>我已核对此报告，确认开始活动</translation>
    </message>
    <message>
        <source>Checking the audience…</source>
        <translation>正在检查受众…</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>检查完成。</translation>
    </message>
    <message>
        <source>Nobody in this audience can receive it now.</source>
        <translation>当前受众中没有人可以接收。</translation>
    </message>
    <message>
        <source>Fix the problems above before starting.</source>
        <translation>请先解决上面的问题再开始。</translation>
    </message>
    <message>
        <source>Check cancelled. Go back and forth to run it again.</source>
        <translation>检查已取消。返回上一步再进入即可重新检查。</translation>
    </message>
</context>
<context>
    <name>PreflightView</name>
    <message>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Audience:</source>
        <translation>受众：</translation>
    </message>
    <message>
        <source>Will receive it:</source>
        <translation>将会收到：</translation>
    </message>
    <message>
        <source>Wait for a later window:</source>
        <translation>顺延到之后的时段：</translation>
    </message>
    <message>
        <source>Parts per message:</source>
        <translation>每条计费条数：</translation>
    </message>
    <message>
        <source>Estimated cost:</source>
        <translation>预计费用：</translation>
    </message>
    <message>
        <source>First message:</source>
        <translation>首条发送：</translation>
    </message>
    <message>
        <source>Last message expected:</source>
        <translation>预计末条发送：</translation>
    </message>
    <message>
        <source>A/B variants:</source>
        <translation>A/B 版本：</translation>
    </message>
    <message>
        <source>Held back, and why</source>
        <translation>未发送的联系人及原因</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人数</translation>
    </message>
    <message>
        <source>Send windows used (recipient local time)</source>
        <translation>使用的发送时段（收件人当地时间）</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>短信数</translation>
    </message>
    <message>
        <source>Variant %1: %2</source>
        <translation>版本 %1：%2</translation>
    </message>
    <message>
        <source>This campaign cannot be sent yet:</source>
        <translation>此活动暂时无法发送：</translation>
    </message>
    <message>
        <source>rest (gets the winner)</source>
        <translation>其余受众（收到胜出版本）</translation>
    </message>
    <message>
        <source>Nobody is held back</source>
        <translation>没有联系人被排除</translation>
    </message>
    <message>
        <source>The checker has warnings about the text (%1); read them in the template editor.</source>
        <translation>内容检查对文案有警告（%1），请在模板编辑器中查看。</translation>
    </message>
</context>
<context>
    <name>RedeemDialog</name>
    <message>
        <source>Redeem codes</source>
        <translation>核销兑换码</translation>
    </message>
    <message>
        <source>Type the code the customer shows. Spaces, dashes and small letters do not matter; a mistyped code is caught by its check character.</source>
        <translation>输入顾客出示的兑换码。空格、横线和大小写都不影响；输错的码会被校验位识别出来。</translation>
    </message>
    <message>
        <source>Redeem</source>
        <translation>核销</translation>
    </message>
    <message>
        <source>Import from Excel or CSV…</source>
        <translation>从 Excel 或 CSV 导入…</translation>
    </message>
    <message>
        <source>%1 redeemed (campaign #%2, %3).</source>
        <translation>%1 已核销（活动 #%2，%3）。</translation>
    </message>
    <message>
        <source>%1 was already used on %2.</source>
        <translation>%1 已于 %2 使用过。</translation>
    </message>
    <message>
        <source>%1 is not a valid code: check for a typo.</source>
        <translation>%1 不是有效的兑换码，请检查是否输错。</translation>
    </message>
    <message>
        <source>%1 was never sent by SMSDesk.</source>
        <translation>SMSDesk 从未发出过 %1。</translation>
    </message>
    <message>
        <source>Redeemed codes</source>
        <translation>已核销的兑换码</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.xls *.csv)</source>
        <translation>表格文件 (*.xlsx *.xls *.csv)</translation>
    </message>
    <message>
        <source>%1 codes read: %2 redeemed, %3 already used, %4 unknown, %5 mistyped.</source>
        <translation>读取 %1 个兑换码：核销 %2 个，已用过 %3 个，未知 %4 个，输错 %5 个。</translation>
    </message>
</context>
<context>
    <name>SchedulePage</name>
    <message>
        <source>When</source>
        <translation>发送时间</translation>
    </message>
    <message>
        <source>Messages go out in each recipient&apos;s own time zone, only inside the send window.</source>
        <translation>短信按每位收件人所在时区、只在发送时段内发出。</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>排期</translation>
    </message>
    <message>
        <source>Right away</source>
        <translation>立即</translation>
    </message>
    <message>
        <source>Once, at</source>
        <translation>一次，于</translation>
    </message>
    <message>
        <source>Every day at</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>Every week on the days below, at</source>
        <translation>每周以下几天的</translation>
    </message>
    <message>
        <source>On each contact&apos;s birthday, at</source>
        <translation>每位联系人生日当天的</translation>
    </message>
    <message>
        <source>Days after the last purchase:</source>
        <translation>最近一次消费后的天数：</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <source>Send window (recipient local time)</source>
        <translation>发送时段（收件人当地时间）</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>No marketing between 21:00 and 08:00 in the recipient&apos;s time zone: the law (and the US TCPA) forbids it, so the window cannot reach into those hours.</source>
        <translation>收件人当地时间 21:00 至次日 08:00 不得发送营销短信：法规（以及美国 TCPA）禁止，因此发送时段不能延伸到这段时间。</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Messages not sent by</source>
        <translation>在此时间前未发出的短信</translation>
    </message>
    <message>
        <source>expire.</source>
        <translation>将作废。</translation>
    </message>
</context>
</TS>
