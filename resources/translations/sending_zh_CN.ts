<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>MessageTableModel</name>
    <message>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Campaign / template</source>
        <translation>活动 / 模板</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Parts</source>
        <translation>条数</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Queued at</source>
        <translation>排队时间</translation>
    </message>
    <message>
        <source>Sent at</source>
        <translation>发送时间</translation>
    </message>
</context>
<context>
    <name>OutboxPage</name>
    <message>
        <source>Pull receipts now</source>
        <translation>立即拉取回执</translation>
    </message>
    <message>
        <source>Ask the provider for delivery receipts and replies</source>
        <translation>向服务商拉取状态报告和上行回复</translation>
    </message>
    <message>
        <source>Send…</source>
        <translation>发送…</translation>
    </message>
    <message>
        <source>Nothing sent yet</source>
        <translation>还没有发送过短信</translation>
    </message>
    <message>
        <source>Messages you send appear here with their delivery state. Use Send… to send an approved template to a segment, a tag or a test number.</source>
        <translation>发送的短信会显示在这里，并附带送达状态。点击“发送…”可将已审核通过的模板发送给某个分组、标签或测试号码。</translation>
    </message>
    <message>
        <source>Cancel sending</source>
        <translation>取消发送</translation>
    </message>
    <message>
        <source>Withdraw the selected queued messages</source>
        <translation>撤回所选的排队中短信</translation>
    </message>
    <message>
        <source>Mark as sent</source>
        <translation>标记为已发送</translation>
    </message>
    <message>
        <source>You know these reached the provider: wait for their receipts</source>
        <translation>您确认这些短信已到达服务商：等待其状态报告</translation>
    </message>
    <message>
        <source>Send again…</source>
        <translation>重新发送…</translation>
    </message>
    <message>
        <source>You checked these did not go out: queue them again</source>
        <translation>您已确认这些短信没有发出：重新排队发送</translation>
    </message>
    <message>
        <source>Don't send</source>
        <translation>不再发送</translation>
    </message>
    <message>
        <source>Give up on these messages</source>
        <translation>放弃这些短信</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>发件箱</translation>
    </message>
    <message>
        <source>Stop sender</source>
        <translation>停止发送</translation>
    </message>
    <message>
        <source>Start sender</source>
        <translation>开始发送</translation>
    </message>
    <message>
        <source>Pulling receipts and replies…</source>
        <translation>正在拉取回执和回复…</translation>
    </message>
    <message>
        <source>Start the sender to pull receipts.</source>
        <translation>请先开始发送，才能拉取回执。</translation>
    </message>
    <message>
        <source>Messages queued: %1</source>
        <translation>已加入发送队列：%1 条</translation>
    </message>
    <message>
        <source>The outbox could not be read: %1</source>
        <translation>无法读取发件箱：%1</translation>
    </message>
    <message>
        <source>All (%1)</source>
        <translation>全部（%1）</translation>
    </message>
    <message>
        <source>Unknown: %1. These messages may or may not have reached the provider (the connection broke or SMSDesk stopped while sending). They are never sent again on their own; SMSDesk asks the provider at every pull. You can also settle them below: select them, then Mark as sent, Send again or Don't send.</source>
        <translation>状态未知：%1 条。这些短信可能已到达服务商，也可能没有（发送途中网络中断或 SMSDesk 被关闭）。它们绝不会被自动重发；SMSDesk 每次拉取时都会向服务商核对。您也可以在下方手动处理：选中后点击“标记为已发送”、“重新发送”或“不再发送”。</translation>
    </message>
    <message>
        <source>Provider account “%1” is paused. %2</source>
        <translation>服务商账号“%1”已暂停。%2</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Selected: %1</source>
        <translation>已选 %1 条</translation>
    </message>
    <message>
        <source>Send again?</source>
        <translation>重新发送？</translation>
    </message>
    <message>
        <source>Only send again if you checked with the provider that these messages (%1) did not go out. Otherwise the recipients may get them twice.</source>
        <translation>只有在向服务商确认这些短信（%1 条）确实没有发出时才重新发送，否则收件人可能会收到两次。</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>重新发送</translation>
    </message>
</context>
<context>
    <name>SendDialog</name>
    <message>
        <source>Send a template</source>
        <translation>发送模板短信</translation>
    </message>
    <message>
        <source>Provider account:</source>
        <translation>服务商账号：</translation>
    </message>
    <message>
        <source>Template:</source>
        <translation>模板：</translation>
    </message>
    <message>
        <source>Send to</source>
        <translation>发送给</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Test number</source>
        <translation>测试号码</translation>
    </message>
    <message>
        <source>e.g. 138 1234 5678 (a contact who consented)</source>
        <translation>例如 138 1234 5678（已授权的联系人）</translation>
    </message>
    <message>
        <source>Values for every message</source>
        <translation>所有短信共用的变量值</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>预览核对</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>sends nothing, for trying out</source>
        <translation>不会真正发送，仅供试用</translation>
    </message>
    <message>
        <source>%1 (not approved)</source>
        <translation>%1（未审核通过）</translation>
    </message>
    <message>
        <source>No approved template for this account yet.</source>
        <translation>该账号下还没有审核通过的模板。</translation>
    </message>
    <message>
        <source>Choose an approved template and whom to send it to.</source>
        <translation>请选择一个审核通过的模板和发送对象。</translation>
    </message>
    <message>
        <source>This template breaks rules that block sending: %1. Fix it on the Templates page.</source>
        <translation>该模板违反了禁止发送的规则：%1。请在“模板”页面修改。</translation>
    </message>
    <message>
        <source>Messages: %1</source>
        <translation>短信：%1 条</translation>
    </message>
    <message>
        <source>Parts: %1</source>
        <translation>计费条数：%1</translation>
    </message>
    <message>
        <source>Cost: %1</source>
        <translation>费用：%1</translation>
    </message>
    <message>
        <source>Held back: %1 — %2</source>
        <translation>不发送：%1 条 — %2</translation>
    </message>
    <message>
        <source>Text: %1</source>
        <translation>内容：%1</translation>
    </message>
    <message>
        <source>Send (%1)</source>
        <translation>发送（%1 条）</translation>
    </message>
    <message>
        <source>That is not a valid mobile number.</source>
        <translation>这不是有效的手机号码。</translation>
    </message>
    <message>
        <source>The template, segment or tag no longer exists. Close and try again.</source>
        <translation>该模板、分组或标签已不存在，请关闭后重试。</translation>
    </message>
    <message>
        <source>A value is missing or invalid: %1</source>
        <translation>有变量值缺失或无效：%1</translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation>出错了：%1</translation>
    </message>
</context>
<context>
    <name>SendingLabels</name>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已提交</translation>
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
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>状态未知</translation>
    </message>
    <message>
        <source>Held back</source>
        <translation>未发送</translation>
    </message>
    <message>
        <source>Opted out</source>
        <translation>已退订</translation>
    </message>
    <message>
        <source>No consent for this kind of message</source>
        <translation>没有接收此类短信的授权</translation>
    </message>
    <message>
        <source>Suspect number (3 failed deliveries)</source>
        <translation>疑似空号/停机（连续 3 次发送失败）</translation>
    </message>
    <message>
        <source>Frequency limit reached</source>
        <translation>已达到发送频率上限</translation>
    </message>
    <message>
        <source>Template not approved for this provider</source>
        <translation>模板未在该服务商审核通过</translation>
    </message>
    <message>
        <source>No provider account</source>
        <translation>没有服务商账号</translation>
    </message>
    <message>
        <source>A template variable has no value</source>
        <translation>模板变量缺少取值</translation>
    </message>
    <message>
        <source>The carrier would block this text</source>
        <translation>运营商会拦截此内容</translation>
    </message>
    <message>
        <source>Waiting: quiet hours (21:00–08:00)</source>
        <translation>等待中：免打扰时段（21:00–08:00）</translation>
    </message>
    <message>
        <source>Waiting for the send window</source>
        <translation>等待发送时段</translation>
    </message>
    <message>
        <source>Waiting: provider limit on repeated content</source>
        <translation>等待中：服务商限制相同内容重复发送</translation>
    </message>
    <message>
        <source>Waiting: provider daily limit per number</source>
        <translation>等待中：服务商对单个号码的每日上限</translation>
    </message>
    <message>
        <source>Waiting: provider daily limit per template</source>
        <translation>等待中：服务商对单个模板的每日上限</translation>
    </message>
    <message>
        <source>Waiting: provider limit</source>
        <translation>等待中：服务商频率限制</translation>
    </message>
    <message>
        <source>Interrupted while sending</source>
        <translation>发送过程中被中断</translation>
    </message>
    <message>
        <source>Expired before it could be sent</source>
        <translation>发出前已过期</translation>
    </message>
    <message>
        <source>The provider refused the credentials or the account settings. Check the key and secret on the Providers page, then resume.</source>
        <translation>服务商拒绝了密钥或账号设置。请在“服务商”页面检查 AccessKey 和密钥，然后恢复。</translation>
    </message>
    <message>
        <source>The provider account is out of balance or quota. Top it up, then resume.</source>
        <translation>服务商账号余额或套餐包不足。充值后再恢复。</translation>
    </message>
    <message>
        <source>Paused by you.</source>
        <translation>已被您暂停。</translation>
    </message>
    <message>
        <source>The provider refused to send. Check the account, then resume.</source>
        <translation>服务商拒绝发送。请检查账号，然后恢复。</translation>
    </message>
    <message>
        <source>Sender starting…</source>
        <translation>发送程序启动中…</translation>
    </message>
    <message>
        <source>Another SMSDesk is sending; waiting for it to finish</source>
        <translation>另一个 SMSDesk 正在发送，等待其结束</translation>
    </message>
    <message>
        <source>Sender ready</source>
        <translation>发送程序就绪</translation>
    </message>
    <message>
        <source>Sender stopped</source>
        <translation>发送程序已停止</translation>
    </message>
    <message>
        <source>Some messages have no provider account to go out on.</source>
        <translation>部分短信没有可用的服务商账号。</translation>
    </message>
    <message>
        <source>The provider adapter failed unexpectedly; the message is marked unknown, not resent.</source>
        <translation>服务商接口意外出错；该短信已标记为状态未知，不会重发。</translation>
    </message>
    <message>
        <source>The sender stopped on an unexpected error.</source>
        <translation>发送程序因意外错误而停止。</translation>
    </message>
    <message>
        <source>Another SMSDesk took over sending.</source>
        <translation>另一个 SMSDesk 接管了发送。</translation>
    </message>
    <message>
        <source>The database is busy; the sender tries again in a moment.</source>
        <translation>数据库正忙，发送程序稍后会重试。</translation>
    </message>
    <message>
        <source>Pulling receipts and replies failed; the next pull tries again.</source>
        <translation>拉取回执和回复失败，下次拉取时会重试。</translation>
    </message>
    <message>
        <source>Planning due campaign runs failed; the next step tries again.</source>
        <translation>安排到期的活动批次失败；下一轮会自动重试。</translation>
    </message>
    <message>
        <source>A campaign could not be advanced; see the Campaigns page.</source>
        <translation>有一个营销活动无法继续推进，请到“营销活动”页面查看。</translation>
    </message>
    <message>
        <source>A campaign was paused automatically; see the Campaigns page for why.</source>
        <translation>有一个营销活动已被自动暂停，原因见“营销活动”页面。</translation>
    </message>
</context>
</TS>