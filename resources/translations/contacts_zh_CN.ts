<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ContactDialog</name>
    <message>
        <source>Edit contact</source>
        <translation>编辑联系人</translation>
    </message>
    <message>
        <source>Add contact</source>
        <translation>添加联系人</translation>
    </message>
    <message>
        <source>e.g. 138 1234 5678</source>
        <translation>例如 138 1234 5678</translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Separate tags with commas, e.g. VIP, 老客户</source>
        <translation>多个标签用逗号分隔，例如 VIP, 老客户</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Known</source>
        <translation>已知</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Automatic (from purchases)</source>
        <translation>自动（按消费记录）</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>分层</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>授权</translation>
    </message>
    <message>
        <source>None. Adding a contact does not give consent: record it on the consent page when you have the evidence.</source>
        <translation>无。添加联系人不代表获得授权：取得证据后请在授权页面登记。</translation>
    </message>
</context>
<context>
    <name>ContactLabels</name>
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
        <translation>忠诚</translation>
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
        <source>International</source>
        <translation>国际</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Marketing</source>
        <translation>营销</translation>
    </message>
    <message>
        <source>Service only</source>
        <translation>仅服务通知</translation>
    </message>
    <message>
        <source>No consent</source>
        <translation>未授权</translation>
    </message>
    <message>
        <source>SMS reply</source>
        <translation>短信回复</translation>
    </message>
    <message>
        <source>Verification code (OTP)</source>
        <translation>短信验证码</translation>
    </message>
    <message>
        <source>Signed confirmation</source>
        <translation>签字确认</translation>
    </message>
    <message>
        <source>Web or app form (ticked box)</source>
        <translation>网页或 App 表单（主动勾选）</translation>
    </message>
    <message>
        <source>Paper form in store</source>
        <translation>门店纸质登记</translation>
    </message>
    <message>
        <source>Skip: keep what the book has</source>
        <translation>跳过：保留通讯录中已有的内容</translation>
    </message>
    <message>
        <source>Update: the file&apos;s values win</source>
        <translation>更新：以文件中的值为准</translation>
    </message>
    <message>
        <source>Fill: only fill empty fields</source>
        <translation>补全：只填写空白的字段</translation>
    </message>
    <message>
        <source>Custom field “%1”</source>
        <translation>自定义字段“%1”</translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>First purchase date</source>
        <translation>首次消费日期</translation>
    </message>
    <message>
        <source>Purchase date (latest)</source>
        <translation>消费日期（最近一次）</translation>
    </message>
    <message>
        <source>Purchase count</source>
        <translation>消费次数</translation>
    </message>
    <message>
        <source>Amount spent</source>
        <translation>消费金额</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Consent scope</source>
        <translation>授权范围</translation>
    </message>
    <message>
        <source>Consent method</source>
        <translation>授权方式</translation>
    </message>
    <message>
        <source>Consent time</source>
        <translation>授权时间</translation>
    </message>
    <message>
        <source>Consent source</source>
        <translation>授权来源</translation>
    </message>
    <message>
        <source>Opted out (yes/no)</source>
        <translation>已退订（是/否）</translation>
    </message>
    <message>
        <source>Suspect number (yes/no)</source>
        <translation>可疑号码（是/否）</translation>
    </message>
    <message>
        <source>Tier (manual)</source>
        <translation>分层（手动指定）</translation>
    </message>
    <message>
        <source>Do not import</source>
        <translation>不导入</translation>
    </message>
    <message>
        <source>No number in this row</source>
        <translation>此行没有号码</translation>
    </message>
    <message>
        <source>Not a phone number</source>
        <translation>不是电话号码</translation>
    </message>
    <message>
        <source>A masked number (138****5678): export with full numbers to import it again</source>
        <translation>号码已打码（138****5678）：请导出完整号码后再导入</translation>
    </message>
    <message>
        <source>Excel shortened this number (1.38123E+10) and its last digits are lost: format the column as text and export the file again</source>
        <translation>Excel 把这个号码缩写成了科学计数法（1.38123E+10），末尾几位已丢失：请把该列设为文本格式后重新导出文件</translation>
    </message>
    <message>
        <source>Not a valid number (wrong length or an unused range)</source>
        <translation>号码无效（位数不对或号段不存在）</translation>
    </message>
    <message>
        <source>A landline: SMS needs a mobile number</source>
        <translation>这是固定电话：短信需要手机号码</translation>
    </message>
    <message>
        <source>The number belongs to a region not allowed in settings</source>
        <translation>号码所属地区不在设置允许的范围内</translation>
    </message>
    <message>
        <source>The same number appears earlier in this file</source>
        <translation>同一号码在文件前面已经出现过</translation>
    </message>
    <message>
        <source>A purchase row needs a date</source>
        <translation>消费记录需要日期</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Reason code</source>
        <translation>原因代码</translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation>出错了：%1</translation>
    </message>
    <message>
        <source>The file was not found. Was it moved or renamed?</source>
        <translation>找不到文件，是否被移动或改名了？</translation>
    </message>
    <message>
        <source>The file cannot be read. Close it in Excel or WPS and try again.</source>
        <translation>无法读取文件。请在 Excel 或 WPS 中关闭它后重试。</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>文件是空的。</translation>
    </message>
    <message>
        <source>The workbook is password-protected. Open it in Excel or WPS, remove the password (File → Info → Protect Workbook) and save it again.</source>
        <translation>工作簿有密码保护。请在 Excel 或 WPS 中打开，取消密码（文件 → 信息 → 保护工作簿）后重新保存。</translation>
    </message>
    <message>
        <source>The file is damaged and cannot be read. Open it in Excel or WPS and save it again as .xlsx.</source>
        <translation>文件已损坏，无法读取。请在 Excel 或 WPS 中打开并另存为 .xlsx。</translation>
    </message>
    <message>
        <source>This is not a spreadsheet. Choose an .xlsx, .xls or .csv file, or save the list in Excel or WPS as .xlsx.</source>
        <translation>这不是表格文件。请选择 .xlsx、.xls 或 .csv 文件，或在 Excel、WPS 中把名单另存为 .xlsx。</translation>
    </message>
    <message>
        <source>The text encoding of this CSV is unknown. Save it as UTF-8 CSV or as .xlsx.</source>
        <translation>无法识别这个 CSV 的文字编码。请另存为 UTF-8 CSV 或 .xlsx。</translation>
    </message>
    <message>
        <source>The workbook has no sheet with that name.</source>
        <translation>工作簿中没有这个名称的工作表。</translation>
    </message>
    <message>
        <source>No column holds mobile numbers. Choose “Mobile number” for the column that has them.</source>
        <translation>没有包含手机号码的列。请把号码所在的列设为“手机号码”。</translation>
    </message>
    <message>
        <source>A purchase history needs a date column. Choose “Purchase date” for it.</source>
        <translation>消费记录需要一个日期列，请把它设为“消费日期”。</translation>
    </message>
    <message>
        <source>This number is already in the contact book.</source>
        <translation>这个号码已在通讯录中。</translation>
    </message>
    <message>
        <source>Export to an .xlsx or .csv file.</source>
        <translation>请导出为 .xlsx 或 .csv 文件。</translation>
    </message>
    <message>
        <source>Give the segment a name.</source>
        <translation>请为分组命名。</translation>
    </message>
    <message>
        <source>The name is too long.</source>
        <translation>名称太长。</translation>
    </message>
    <message>
        <source>Cancelled. Nothing was changed.</source>
        <translation>已取消，未做任何更改。</translation>
    </message>
</context>
<context>
    <name>ContactTableModel</name>
    <message>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>分层</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>运营商</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>归属地</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>授权</translation>
    </message>
    <message>
        <source>Opted out</source>
        <translation>已退订</translation>
    </message>
    <message>
        <source>Suspect</source>
        <translation>可疑</translation>
    </message>
    <message>
        <source>Last purchase</source>
        <translation>最近消费</translation>
    </message>
    <message>
        <source>Derived from the number&apos;s prefix. Numbers can move between carriers, so this is a best guess.</source>
        <translation>根据号段推断。号码可以携号转网，因此仅供参考。</translation>
    </message>
</context>
<context>
    <name>ContactsPage</name>
    <message>
        <source>No contacts yet</source>
        <translation>还没有联系人</translation>
    </message>
    <message>
        <source>Import your customer list from Excel or CSV: headers like 手机号码, 姓名 and 标签 are recognised. Or add a contact by hand.</source>
        <translation>从 Excel 或 CSV 导入客户名单：能自动识别“手机号码”“姓名”“标签”等表头。也可以手动添加联系人。</translation>
    </message>
    <message>
        <source>Import a list…</source>
        <translation>导入名单…</translation>
    </message>
    <message>
        <source>Search a number or a name</source>
        <translation>搜索号码或姓名</translation>
    </message>
    <message>
        <source>Save as segment…</source>
        <translation>保存为分组…</translation>
    </message>
    <message>
        <source>Show full numbers</source>
        <translation>显示完整号码</translation>
    </message>
    <message>
        <source>Turning this on is recorded in the audit log.</source>
        <translation>开启后会记入审计日志。</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Selected contacts</source>
        <translation>选中的联系人</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Add or remove tags…</source>
        <translation>添加或移除标签…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation>筛选：</translation>
    </message>
    <message>
        <source>Any tag</source>
        <translation>全部标签</translation>
    </message>
    <message>
        <source>Any tier</source>
        <translation>全部分层</translation>
    </message>
    <message>
        <source>Any carrier</source>
        <translation>全部运营商</translation>
    </message>
    <message>
        <source>Any province</source>
        <translation>全部省份</translation>
    </message>
    <message>
        <source>Any consent</source>
        <translation>全部授权状态</translation>
    </message>
    <message>
        <source>Opted out or not</source>
        <translation>是否退订</translation>
    </message>
    <message>
        <source>Opted out</source>
        <translation>已退订</translation>
    </message>
    <message>
        <source>Not opted out</source>
        <translation>未退订</translation>
    </message>
    <message>
        <source>Suspect or not</source>
        <translation>是否可疑</translation>
    </message>
    <message>
        <source>Suspect numbers</source>
        <translation>可疑号码</translation>
    </message>
    <message>
        <source>Not suspect</source>
        <translation>非可疑号码</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>All contacts</source>
        <translation>全部联系人</translation>
    </message>
    <message>
        <source>Save as segment</source>
        <translation>保存为分组</translation>
    </message>
    <message>
        <source>Name this selection of contacts; campaigns can target it later.</source>
        <translation>为这批联系人命名，之后的营销活动可以直接选用。</translation>
    </message>
    <message>
        <source>Segment “%1” saved.</source>
        <translation>分组“%1”已保存。</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>%1 matching contacts</source>
        <translation>符合条件的联系人 %1 个</translation>
    </message>
    <message>
        <source>%1 contacts</source>
        <translation>共 %1 个联系人</translation>
    </message>
    <message>
        <source>All %1 contacts shown.</source>
        <translation>当前显示的全部 %1 个联系人。</translation>
    </message>
    <message>
        <source>%1 selected contacts.</source>
        <translation>选中的 %1 个联系人。</translation>
    </message>
    <message>
        <source>Tags added to %1 contacts.</source>
        <translation>已为 %1 个联系人添加标签。</translation>
    </message>
    <message>
        <source>Tags removed from %1 contacts.</source>
        <translation>已为 %1 个联系人移除标签。</translation>
    </message>
    <message>
        <source>Updating tags…</source>
        <translation>正在更新标签…</translation>
    </message>
    <message>
        <source>Delete contacts</source>
        <translation>删除联系人</translation>
    </message>
    <message>
        <source>Delete %1 contacts? Their tags and purchase history go with them. Numbers on the opt-out list stay on it, and consent records are kept.</source>
        <translation>确定删除 %1 个联系人吗？其标签和消费记录会一并删除。已退订的号码仍保留在退订名单中，授权记录也会保留。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Deleting…</source>
        <translation>正在删除…</translation>
    </message>
    <message>
        <source>%1 contacts deleted.</source>
        <translation>已删除 %1 个联系人。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>All contacts</source>
        <translation>全部联系人</translation>
    </message>
    <message>
        <source>The contacts shown now (current search and filters)</source>
        <translation>当前显示的联系人（按当前搜索和筛选）</translation>
    </message>
    <message>
        <source>The contacts shown now (%1)</source>
        <translation>当前显示的联系人（%1 个）</translation>
    </message>
    <message>
        <source>A saved segment</source>
        <translation>已保存的分组</translation>
    </message>
    <message>
        <source>The opt-out list</source>
        <translation>退订名单</translation>
    </message>
    <message>
        <source>What to export</source>
        <translation>导出内容</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation>Excel 工作簿（.xlsx）</translation>
    </message>
    <message>
        <source>CSV, UTF-8 (.csv)</source>
        <translation>CSV，UTF-8 编码（.csv）</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Column titles</source>
        <translation>列标题语言</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>保存为</translation>
    </message>
    <message>
        <source>Write full numbers</source>
        <translation>导出完整号码</translation>
    </message>
    <message>
        <source>Numbers are masked (138****5678) unless you tick this. Full numbers are needed to import the file again or upload it to a provider; the export is recorded in the audit log.</source>
        <translation>不勾选时号码会打码（138****5678）。重新导入或上传到短信服务商时需要完整号码；导出操作会记入审计日志。</translation>
    </message>
    <message>
        <source>Cancel export</source>
        <translation>取消导出</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>导出已取消，没有生成文件。</translation>
    </message>
    <message>
        <source>full numbers</source>
        <translation>完整号码</translation>
    </message>
    <message>
        <source>masked numbers</source>
        <translation>打码号码</translation>
    </message>
    <message>
        <source>%1 rows written to %2 (%3).</source>
        <translation>已写入 %1 行到 %2（%3）。</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import contacts</source>
        <translation>导入联系人</translation>
    </message>
    <message>
        <source>Choose an Excel or CSV file with your customers.</source>
        <translation>请选择包含客户名单的 Excel 或 CSV 文件。</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>A customer list (one row per customer)</source>
        <translation>客户名单（每行一位客户）</translation>
    </message>
    <message>
        <source>A purchase history (one row per purchase: number, date, amount)</source>
        <translation>消费记录（每行一笔：号码、日期、金额）</translation>
    </message>
    <message>
        <source>The file holds</source>
        <translation>文件内容</translation>
    </message>
    <message>
        <source>Numbers already in the book or repeated</source>
        <translation>已在通讯录中或重复的号码</translation>
    </message>
    <message>
        <source>Optional, e.g. 2024展会</source>
        <translation>可不填，例如 2024展会</translation>
    </message>
    <message>
        <source>Tag everyone imported</source>
        <translation>给导入的联系人加标签</translation>
    </message>
    <message>
        <source>Remember these column choices for files like this</source>
        <translation>记住此类文件的列对应关系</translation>
    </message>
    <message>
        <source>Everyone in this file gave consent</source>
        <translation>文件中的所有人都已授权</translation>
    </message>
    <message>
        <source>Only tick this if you hold the evidence for every number (the signed forms, the reply log). Each contact gets a consent record citing this file and its row. Numbers on the opt-out list get none.</source>
        <translation>只有在您持有每个号码的授权证据（签字表单、回复记录）时才勾选。每个联系人都会生成一条授权记录，注明本文件及所在行。退订名单中的号码不会生成授权。</translation>
    </message>
    <message>
        <source>Marketing (offers and notices)</source>
        <translation>营销（优惠与通知）</translation>
    </message>
    <message>
        <source>Service notices only</source>
        <translation>仅服务通知</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>授权范围</translation>
    </message>
    <message>
        <source>How they consented</source>
        <translation>授权方式</translation>
    </message>
    <message>
        <source>e.g. 南山店会员登记表 2024</source>
        <translation>例如 南山店会员登记表 2024</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>When</source>
        <translation>授权时间</translation>
    </message>
    <message>
        <source>Cancel import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <source>Open reject report</source>
        <translation>打开未导入行报告</translation>
    </message>
    <message>
        <source>Save reject report as…</source>
        <translation>另存未导入行报告…</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Choose a customer list</source>
        <translation>选择客户名单</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>No header row found: columns are named A, B, C…</source>
        <translation>未找到表头行：各列按 A、B、C… 命名</translation>
    </message>
    <message>
        <source>Column titles found in row %1.</source>
        <translation>表头在第 %1 行。</translation>
    </message>
    <message>
        <source>Using your saved column choices.</source>
        <translation>已使用您保存的列对应关系。</translation>
    </message>
    <message>
        <source>Import as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <source>Choose “Mobile number” for the column that holds the numbers.</source>
        <translation>请把号码所在的列设为“手机号码”。</translation>
    </message>
    <message>
        <source>A purchase history needs a column chosen as “Purchase date”.</source>
        <translation>消费记录需要把一列设为“消费日期”。</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Saving to the contact book…</source>
        <translation>正在写入通讯录…</translation>
    </message>
    <message>
        <source>%1 rows read</source>
        <translation>已读取 %1 行</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>%1 rows read in %2 s.</source>
        <translation>共读取 %1 行，用时 %2 秒。</translation>
    </message>
    <message>
        <source>Imported %1, updated %2, skipped %3.</source>
        <translation>新增 %1 个，更新 %2 个，跳过 %3 个。</translation>
    </message>
    <message>
        <source>%1 repeated rows were merged into the first.</source>
        <translation>%1 行重复记录已合并到首次出现的行。</translation>
    </message>
    <message>
        <source>%1 purchases added.</source>
        <translation>新增 %1 条消费记录。</translation>
    </message>
    <message>
        <source>%1 consent records written.</source>
        <translation>已写入 %1 条授权记录。</translation>
    </message>
    <message>
        <source>%1 rows were not imported:</source>
        <translation>%1 行未导入：</translation>
    </message>
    <message>
        <source>Import cancelled. Nothing was changed.</source>
        <translation>导入已取消，未做任何更改。</translation>
    </message>
    <message>
        <source>Save reject report</source>
        <translation>保存未导入行报告</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
</context>
<context>
    <name>TagDialog</name>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Add these tags</source>
        <translation>添加这些标签</translation>
    </message>
    <message>
        <source>Remove these tags</source>
        <translation>移除这些标签</translation>
    </message>
    <message>
        <source>Separate tags with commas, e.g. VIP, 老客户</source>
        <translation>多个标签用逗号分隔，例如 VIP, 老客户</translation>
    </message>
</context>
</TS>
