<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountDialog</name>
    <message>
        <source>Edit provider account</source>
        <translation>编辑服务商账号</translation>
    </message>
    <message>
        <source>Add provider account</source>
        <translation>添加服务商账号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>e.g. Main account</source>
        <translation>例如：主账号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <source>Stored in the system keychain; leave empty to keep it</source>
        <translation>已保存在系统钥匙串中；留空则保持不变</translation>
    </message>
    <message>
        <source>Kept in the system keychain, never in the database</source>
        <translation>保存在系统钥匙串中，绝不写入数据库</translation>
    </message>
    <message>
        <source>Cost and speed</source>
        <translation>费用与速度</translation>
    </message>
    <message>
        <source>Price per message part</source>
        <translation>每条计费单价</translation>
    </message>
    <message>
        <source> /s</source>
        <translation> 条/秒</translation>
    </message>
    <message>
        <source>Send rate</source>
        <translation>发送速率</translation>
    </message>
    <message>
        <source>Recipients per request</source>
        <translation>每次请求的号码数</translation>
    </message>
    <message>
        <source>Optional: https://… (http only to this computer)</source>
        <translation>可选：https://…（http 仅限本机地址）</translation>
    </message>
    <message>
        <source>Endpoint override</source>
        <translation>自定义接口地址</translation>
    </message>
    <message>
        <source>Please enter a name for the account.</source>
        <translation>请输入账号名称。</translation>
    </message>
    <message>
        <source>Please fill in: %1</source>
        <translation>请填写：%1</translation>
    </message>
    <message>
        <source>Please enter the %1.</source>
        <translation>请输入%1。</translation>
    </message>
</context>
<context>
    <name>ProviderLabels</name>
    <message>
        <source>Sandbox (sends nothing)</source>
        <translation>沙盒（不实际发送）</translation>
    </message>
    <message>
        <source>Alibaba Cloud SMS</source>
        <translation>阿里云短信</translation>
    </message>
    <message>
        <source>Tencent Cloud SMS</source>
        <translation>腾讯云短信</translation>
    </message>
    <message>
        <source>Twilio</source>
        <translation>Twilio</translation>
    </message>
    <message>
        <source>Generic HTTP</source>
        <translation>通用 HTTP 接口</translation>
    </message>
    <message>
        <source>A pretend gateway for trying SMSDesk out: it sends nothing, and produces realistic receipts, failures and replies (including opt-outs).</source>
        <translation>用于试用 SMSDesk 的模拟网关：不发送任何短信，但会生成逼真的回执、失败和回复（包括退订）。</translation>
    </message>
    <message>
        <source>Dysmsapi with an AccessKey. Replies and bulk receipts need the SmsUp / SmsReport message queues enabled in the SMS console.</source>
        <translation>使用 AccessKey 调用 Dysmsapi。接收上行回复和批量回执需要在短信控制台开通 SmsUp / SmsReport 消息队列。</translation>
    </message>
    <message>
        <source>SMS API 3.0 with a SecretId/SecretKey and the SmsSdkAppId of your SMS application. Pulling receipts and replies must be enabled by Tencent support.</source>
        <translation>使用 SecretId/SecretKey 和短信应用的 SmsSdkAppId 调用短信 API 3.0。拉取回执和回复需联系腾讯云短信小助手开通。</translation>
    </message>
    <message>
        <source>Programmable Messaging with your Account SID and Auth Token.</source>
        <translation>使用 Account SID 和 Auth Token 调用 Programmable Messaging。</translation>
    </message>
    <message>
        <source>Any reseller with an HTTP API: describe the request and where the answer keeps the message id. The API key is inserted where you write {secret}.</source>
        <translation>适用于提供 HTTP 接口的短信服务商：描述请求格式以及响应中消息 ID 的位置。API 密钥会填入您写 {secret} 的地方。</translation>
    </message>
    <message>
        <source>AccessKey Secret</source>
        <translation>AccessKey Secret</translation>
    </message>
    <message>
        <source>SecretKey</source>
        <translation>SecretKey</translation>
    </message>
    <message>
        <source>Auth Token</source>
        <translation>Auth Token</translation>
    </message>
    <message>
        <source>API key or password</source>
        <translation>API 密钥或密码</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>AccessKey ID</source>
        <translation>AccessKey ID</translation>
    </message>
    <message>
        <source>SecretId</source>
        <translation>SecretId</translation>
    </message>
    <message>
        <source>Account SID or API key SID</source>
        <translation>Account SID 或 API Key SID</translation>
    </message>
    <message>
        <source>Key ID</source>
        <translation>密钥 ID</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>地域</translation>
    </message>
    <message>
        <source>International site</source>
        <translation>国际站</translation>
    </message>
    <message>
        <source>Default signature</source>
        <translation>默认签名</translation>
    </message>
    <message>
        <source>Replies queue (SmsUp)</source>
        <translation>上行回复队列（SmsUp）</translation>
    </message>
    <message>
        <source>Receipts queue (SmsReport)</source>
        <translation>回执队列（SmsReport）</translation>
    </message>
    <message>
        <source>Queue endpoint</source>
        <translation>队列接入地址</translation>
    </message>
    <message>
        <source>Qualification ID</source>
        <translation>资质 ID</translation>
    </message>
    <message>
        <source>Variable type for new templates</source>
        <translation>新模板的变量属性</translation>
    </message>
    <message>
        <source>SmsSdkAppId</source>
        <translation>SmsSdkAppId</translation>
    </message>
    <message>
        <source>Receipt pulling</source>
        <translation>回执拉取方式</translation>
    </message>
    <message>
        <source>Sender ID (international)</source>
        <translation>Sender ID（国际短信）</translation>
    </message>
    <message>
        <source>Account SID (with an API key)</source>
        <translation>Account SID（使用 API Key 时）</translation>
    </message>
    <message>
        <source>From number or Messaging Service SID</source>
        <translation>发送号码或 Messaging Service SID</translation>
    </message>
    <message>
        <source>Numbers that receive replies</source>
        <translation>接收回复的号码</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Failure rate</source>
        <translation>失败率</translation>
    </message>
    <message>
        <source>Share of dead numbers (空号/停机)</source>
        <translation>空号/停机号码比例</translation>
    </message>
    <message>
        <source>Reply rate</source>
        <translation>回复率</translation>
    </message>
    <message>
        <source>Share of replies that opt out</source>
        <translation>回复中退订的比例</translation>
    </message>
    <message>
        <source>Receipt delay from (s)</source>
        <translation>回执延迟下限（秒）</translation>
    </message>
    <message>
        <source>Receipt delay to (s)</source>
        <translation>回执延迟上限（秒）</translation>
    </message>
    <message>
        <source>Replies within (s)</source>
        <translation>回复时间上限（秒）</translation>
    </message>
    <message>
        <source>Send URL</source>
        <translation>发送地址</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>请求方法</translation>
    </message>
    <message>
        <source>Body format</source>
        <translation>请求体格式</translation>
    </message>
    <message>
        <source>Body template (JSON)</source>
        <translation>请求体模板（JSON）</translation>
    </message>
    <message>
        <source>Headers (JSON)</source>
        <translation>请求头（JSON）</translation>
    </message>
    <message>
        <source>Message id path</source>
        <translation>消息 ID 字段路径</translation>
    </message>
    <message>
        <source>Success field path</source>
        <translation>成功标志字段路径</translation>
    </message>
    <message>
        <source>Success values</source>
        <translation>表示成功的值</translation>
    </message>
    <message>
        <source>Error code path</source>
        <translation>错误码字段路径</translation>
    </message>
    <message>
        <source>Error message path</source>
        <translation>错误信息字段路径</translation>
    </message>
    <message>
        <source>Error code meanings (JSON)</source>
        <translation>错误码含义（JSON）</translation>
    </message>
    <message>
        <source>Status URL</source>
        <translation>状态查询地址</translation>
    </message>
    <message>
        <source>Status method</source>
        <translation>状态查询方法</translation>
    </message>
    <message>
        <source>Status field path</source>
        <translation>状态字段路径</translation>
    </message>
    <message>
        <source>Delivered values</source>
        <translation>表示送达的值</translation>
    </message>
    <message>
        <source>Failed values</source>
        <translation>表示失败的值</translation>
    </message>
    <message>
        <source>Status error path</source>
        <translation>状态错误码字段路径</translation>
    </message>
    <message>
        <source>Replies URL</source>
        <translation>回复拉取地址</translation>
    </message>
    <message>
        <source>Replies list path</source>
        <translation>回复列表字段路径</translation>
    </message>
    <message>
        <source>Reply id path</source>
        <translation>回复 ID 字段路径</translation>
    </message>
    <message>
        <source>Reply number path</source>
        <translation>回复号码字段路径</translation>
    </message>
    <message>
        <source>Reply text path</source>
        <translation>回复内容字段路径</translation>
    </message>
    <message>
        <source>Reply time path</source>
        <translation>回复时间字段路径</translation>
    </message>
    <message>
        <source>Connection test URL</source>
        <translation>连接测试地址</translation>
    </message>
    <message>
        <source>Queue (needs activation)</source>
        <translation>队列（需开通）</translation>
    </message>
    <message>
        <source>Per number</source>
        <translation>按号码查询</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>表单</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>No body</source>
        <translation>无请求体</translation>
    </message>
    <message>
        <source>The provider refused the credentials or the configuration. Check the keys, the app id and the other settings.</source>
        <translation>服务商拒绝了凭据或配置。请检查密钥、应用 ID 及其他设置。</translation>
    </message>
    <message>
        <source>The provider account is out of balance or has reached its quota.</source>
        <translation>服务商账号余额不足或已达到额度上限。</translation>
    </message>
    <message>
        <source>The provider asks to slow down. Try again in a minute.</source>
        <translation>服务商要求降低请求频率，请一分钟后再试。</translation>
    </message>
    <message>
        <source>The provider could not be reached. Check the network connection and try again.</source>
        <translation>无法连接服务商。请检查网络连接后重试。</translation>
    </message>
    <message>
        <source>The provider did not answer in time.</source>
        <translation>服务商未及时响应。</translation>
    </message>
    <message>
        <source>The provider rejected the template or the signature.</source>
        <translation>服务商拒绝了模板或签名。</translation>
    </message>
    <message>
        <source>The provider says the number is not valid.</source>
        <translation>服务商认为该号码无效。</translation>
    </message>
    <message>
        <source>The recipient has unsubscribed.</source>
        <translation>接收方已退订。</translation>
    </message>
    <message>
        <source>A sending limit of the provider was reached.</source>
        <translation>已达到服务商的发送限制。</translation>
    </message>
    <message>
        <source>The provider refused the request.</source>
        <translation>服务商拒绝了该请求。</translation>
    </message>
    <message>
        <source>The endpoint must be an http or https address.</source>
        <translation>接口地址必须是 http 或 https 地址。</translation>
    </message>
    <message>
        <source>The endpoint must not contain a user name or password.</source>
        <translation>接口地址中不能包含用户名或密码。</translation>
    </message>
    <message>
        <source>Plain http is only allowed to this computer. Use https.</source>
        <translation>只有本机地址才允许使用 http，请改用 https。</translation>
    </message>
    <message>
        <source>The system keychain is not available, so the secret cannot be stored or read.</source>
        <translation>系统钥匙串不可用，无法保存或读取密钥。</translation>
    </message>
    <message>
        <source>Some required settings are empty.</source>
        <translation>部分必填设置为空。</translation>
    </message>
    <message>
        <source>Secrets belong in the secret field, not in the settings.</source>
        <translation>密钥请填在密钥栏中，不要写在设置里。</translation>
    </message>
    <message>
        <source>That name is already taken.</source>
        <translation>该名称已被使用。</translation>
    </message>
    <message>
        <source>A JSON field is not valid JSON.</source>
        <translation>某个 JSON 字段不是有效的 JSON。</translation>
    </message>
    <message>
        <source>The send URL is missing.</source>
        <translation>缺少发送地址。</translation>
    </message>
    <message>
        <source>No secret is stored for this account. Edit the account and enter it.</source>
        <translation>该账号尚未保存密钥。请编辑账号并填写密钥。</translation>
    </message>
    <message>
        <source>Please check this field: %1</source>
        <translation>请检查此字段：%1</translation>
    </message>
    <message>
        <source>The settings are not valid.</source>
        <translation>设置无效。</translation>
    </message>
    <message>
        <source>The action could not be completed.</source>
        <translation>操作未能完成。</translation>
    </message>
    <message>
        <source>Unexpected error: %1</source>
        <translation>意外错误：%1</translation>
    </message>
</context>
<context>
    <name>ProvidersPage</name>
    <message>
        <source>Providers</source>
        <translation>短信服务商</translation>
    </message>
    <message>
        <source>Add account…</source>
        <translation>添加账号…</translation>
    </message>
    <message>
        <source>The Sandbox is in use: nothing is sent to anyone. Receipts and replies are simulated. Add a provider account and choose “Use for sending” to send for real.</source>
        <translation>当前使用沙盒：不会向任何人发送短信，回执和回复均为模拟。添加服务商账号并选择“用于发送”后才会真实发送。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>速率</translation>
    </message>
    <message>
        <source>Per request</source>
        <translation>每次请求</translation>
    </message>
    <message>
        <source>Price per part</source>
        <translation>每条单价</translation>
    </message>
    <message>
        <source>Use for sending</source>
        <translation>用于发送</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Check the credentials without sending anything</source>
        <translation>只检查凭据，不发送任何短信</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>%1 /s</source>
        <translation>%1 条/秒</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Sends nothing</source>
        <translation>不实际发送</translation>
    </message>
    <message>
        <source>No secret stored</source>
        <translation>未保存密钥</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Saved “%1”.</source>
        <translation>已保存“%1”。</translation>
    </message>
    <message>
        <source>Testing “%1”… nothing is sent.</source>
        <translation>正在测试“%1”…不会发送任何短信。</translation>
    </message>
    <message>
        <source>“%1”: connection and credentials OK. Nothing was sent.</source>
        <translation>“%1”：连接和凭据正常，未发送任何短信。</translation>
    </message>
    <message>
        <source>“%1”: %2</source>
        <translation>“%1”：%2</translation>
    </message>
    <message>
        <source>Messages are now sent with “%1”.</source>
        <translation>现在使用“%1”发送短信。</translation>
    </message>
    <message>
        <source>Delete account</source>
        <translation>删除账号</translation>
    </message>
    <message>
        <source>Delete the provider account “%1” and its secret from the system keychain? Messages already sent keep their history.</source>
        <translation>删除服务商账号“%1”并从系统钥匙串中移除其密钥吗？已发送的消息记录会保留。</translation>
    </message>
</context>
</TS>
