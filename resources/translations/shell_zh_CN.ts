<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About SMSDesk</source>
        <translation>关于 SMSDesk</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <source>SMS campaigns that are effective and legal: a contact book with consent evidence and an opt-out list, a template checker for carrier and advertising rules, and sending through your own provider account.</source>
        <translation>合规又有效的短信营销：带授权证据和退订名单的客户通讯录、按运营商与广告法规则检查的模板编辑器，以及通过您自己的服务商账号发送。</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <source>Data folder: %1</source>
        <translation>数据文件夹：%1</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>SMSDesk cannot open its database:
%1</source>
        <translation>SMSDesk 无法打开数据库：
%1</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Getting started</source>
        <translation>入门步骤</translation>
    </message>
    <message>
        <source>Your audience</source>
        <translation>您的客户</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>contacts</source>
        <translation>位联系人</translation>
    </message>
    <message>
        <source>with marketing consent</source>
        <translation>已授权接收营销短信</translation>
    </message>
    <message>
        <source>service messages only</source>
        <translation>仅接收服务通知</translation>
    </message>
    <message>
        <source>numbers opted out</source>
        <translation>个号码已退订</translation>
    </message>
    <message>
        <source>messages in the last 7 days</source>
        <translation>近 7 天发送的短信</translation>
    </message>
    <message>
        <source>delivered in the last 7 days</source>
        <translation>近 7 天送达</translation>
    </message>
    <message>
        <source>replies in the last 7 days</source>
        <translation>近 7 天收到的回复</translation>
    </message>
    <message>
        <source>active campaigns</source>
        <translation>进行中的活动</translation>
    </message>
    <message>
        <source>Import your customer list (File → Import Contacts)</source>
        <translation>导入客户名单（文件 → 导入联系人）</translation>
    </message>
    <message>
        <source>Record consent: only contacts who agreed may receive marketing</source>
        <translation>记录授权：只有同意接收的客户才能收到营销短信</translation>
    </message>
    <message>
        <source>Add the 【signature】 your provider approved</source>
        <translation>添加服务商已审核通过的【签名】</translation>
    </message>
    <message>
        <source>Write a template; the checker shows what would be rejected</source>
        <translation>编写模板：检查器会指出会被拒绝的内容</translation>
    </message>
    <message>
        <source>Add your provider account (until then the Sandbox sends nothing)</source>
        <translation>添加您的短信服务商账号（在此之前，沙盒不会真正发送）</translation>
    </message>
    <message>
        <source>Plan your first campaign</source>
        <translation>规划您的第一个营销活动</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新客</translation>
    </message>
    <message>
        <source>active</source>
        <translation>活跃</translation>
    </message>
    <message>
        <source>dormant</source>
        <translation>沉睡</translation>
    </message>
    <message>
        <source>loyal</source>
        <translation>忠实</translation>
    </message>
    <message>
        <source>China Mobile</source>
        <translation>中国移动</translation>
    </message>
    <message>
        <source>China Unicom</source>
        <translation>中国联通</translation>
    </message>
    <message>
        <source>China Telecom</source>
        <translation>中国电信</translation>
    </message>
    <message>
        <source>China Broadnet</source>
        <translation>中国广电</translation>
    </message>
    <message>
        <source>international</source>
        <translation>境外</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Tiers: %1</source>
        <translation>客户分层：%1</translation>
    </message>
    <message>
        <source>Carriers (best guess from the number): %1</source>
        <translation>运营商（按号段推断，携号转网可能不准）：%1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>%1 (demo data)</source>
        <translation>%1（演示数据）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Import Contacts…</source>
        <translation>导入联系人(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Export Contacts…</source>
        <translation>导出联系人(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About SMSDesk</source>
        <translation>关于 SMSDesk(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Opt-outs</source>
        <translation>退订名单</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>短信模板</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>发件箱</translation>
    </message>
    <message>
        <source>Replies</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <source>Sandbox: nothing is really sent</source>
        <translation>沙盒：不会真正发送任何短信</translation>
    </message>
    <message>
        <source>Provider: %1</source>
        <translation>服务商：%1</translation>
    </message>
    <message>
        <source>Work in progress</source>
        <translation>任务进行中</translation>
    </message>
    <message>
        <source>An import, export or send is still running. Quit anyway? It will be cancelled and nothing half-done is kept.</source>
        <translation>导入、导出或发送仍在进行。仍要退出吗？任务将被取消，不会留下做了一半的数据。</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Recorded with consent and sends (audit)</source>
        <translation>记录在授权和发送记录中（审计）</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>China (+86)</source>
        <translation>中国大陆 (+86)</translation>
    </message>
    <message>
        <source>Hong Kong (+852)</source>
        <translation>中国香港 (+852)</translation>
    </message>
    <message>
        <source>United States (+1)</source>
        <translation>美国 (+1)</translation>
    </message>
    <message>
        <source>Your name:</source>
        <translation>您的姓名：</translation>
    </message>
    <message>
        <source>Language (after restart):</source>
        <translation>界面语言（重启后生效）：</translation>
    </message>
    <message>
        <source>Default region for numbers:</source>
        <translation>号码默认地区：</translation>
    </message>
    <message>
        <source>Send window (recipient's local time)</source>
        <translation>发送时段（按收信人当地时间）</translation>
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
        <source>No marketing message is ever sent between 21:00 and 08:00 in the recipient's time zone: the law forbids it, so the window cannot be widened past those hours.</source>
        <translation>在收信人所在时区的 21:00 至次日 08:00 之间绝不发送营销短信：这是法规要求，发送时段不能超出此范围。</translation>
    </message>
    <message>
        <source>Frequency caps per lifecycle tier</source>
        <translation>按客户分层的发送频次上限</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>分层</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>条数</translation>
    </message>
    <message>
        <source>per days</source>
        <translation>天内</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新客</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>活跃</translation>
    </message>
    <message>
        <source>Dormant</source>
        <translation>沉睡</translation>
    </message>
    <message>
        <source>Loyal</source>
        <translation>忠实</translation>
    </message>
    <message>
        <source>Lifecycle tiers</source>
        <translation>客户分层规则</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>New: first consent or purchase within</source>
        <translation>新客：首次授权或首次购买在以下天数内</translation>
    </message>
    <message>
        <source>Active: a purchase within</source>
        <translation>活跃：以下天数内有购买</translation>
    </message>
    <message>
        <source>Dormant: no purchase for</source>
        <translation>沉睡：超过以下天数无购买</translation>
    </message>
    <message>
        <source>Loyal: at least this many purchases</source>
        <translation>忠实：购买次数至少</translation>
    </message>
    <message>
        <source>Campaign health</source>
        <translation>活动健康度</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Warn when the opt-out rate exceeds</source>
        <translation>退订率超过此值时提醒</translation>
    </message>
    <message>
        <source>Pause when the complaint rate exceeds</source>
        <translation>投诉率超过此值时自动暂停</translation>
    </message>
    <message>
        <source>Pull receipts and replies every</source>
        <translation>拉取回执和回复的间隔</translation>
    </message>
    <message>
        <source>Consent evidence</source>
        <translation>授权证据</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>数据库：</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>数据文件夹：</translation>
    </message>
    <message>
        <source>Schema version:</source>
        <translation>数据库结构版本：</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>The send window must start before it ends.</source>
        <translation>发送时段的开始时间必须早于结束时间。</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
</context>
<context>
    <name>box</name>
    <message>
        <source>Something went wrong. Your data is safe; the details are below and in the log file.</source>
        <translation>程序出错了。您的数据是安全的；详细信息见下方和日志文件。</translation>
    </message>
</context>
</TS>