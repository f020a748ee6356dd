"""Small scenarios shared by the phone_sim unit tests."""

from pathlib import Path

SCENARIO_DIR = Path(__file__).resolve().parents[3] / "xblocks" / "phone_sim" / "scenarios"
SHIPPED = sorted(SCENARIO_DIR.glob("*.xml"))

# One screen of every interactive kind, a branch with a consequence that returns, and both end states.
MINI = """<scenario id="mini" title="Mini" skills="VN:2 DC:2.6" start="home">
  <app id="bank" name="Ngân hàng Sen Vàng"/>
  <screen id="home" app="bank">
    <status-bar time="09:00"/>
    <button id="go" label="Tiếp"/>
    <button id="bad" label="Sai"/>
    <button id="trap" label="Bẫy"/>
    <step task="Đi tiếp" points="1">
      <hint>h1</hint><hint>h2</hint><hint>h3</hint>
      <expect widget="go" action="tap" goto="form" feedback="Tốt."/>
      <wrong widget="bad" action="tap" feedback="Không phải nút này."/>
      <wrong widget="trap" action="tap" goto="consequence" feedback="Ôi."/>
    </step>
  </screen>
  <screen id="consequence">
    <text>Hậu quả</text>
    <button id="back" label="Quay lại"/>
    <step task="Quay lại" points="0">
      <hint>Chạm quay lại</hint>
      <expect widget="back" action="tap" goto="home"/>
    </step>
  </screen>
  <screen id="form">
    <text-field id="name" label="Tên"/>
    <step task="Gõ tên" points="1">
      <hint>Gõ Nguyễn Văn An</hint>
      <wrong widget="name" action="type" check="pattern" value="\\d+" feedback="Tên không phải số."/>
      <expect widget="name" action="type" check="normalised" value="Nguyễn Văn An" goto="pin"/>
    </step>
  </screen>
  <screen id="pin">
    <pin-pad id="pad" label="PIN" length="4"/>
    <step task="Nhập PIN" points="1">
      <hint>1234</hint>
      <expect widget="pad" action="type" check="exact" value="1234" goto="amount"/>
    </step>
  </screen>
  <screen id="amount">
    <slider id="money" label="Số tiền" min="0" max="100000"/>
    <step task="Chọn 45.000" points="1">
      <hint>45.000</hint>
      <expect widget="money" action="type" check="range" min="40000" max="50000" goto="lock"/>
    </step>
  </screen>
  <screen id="lock">
    <list-item id="msg" label="Tin nhắn"/>
    <step task="Giữ tin nhắn" points="1">
      <hint>Chạm và giữ</hint>
      <expect widget="msg" action="long-press" goto="swipe"/>
      <wrong widget="msg" action="tap" feedback="Hãy chạm và giữ lâu."/>
    </step>
  </screen>
  <screen id="swipe">
    <status-bar id="top"/>
    <thread id="chat"><message>Xin chào</message></thread>
    <step task="Vuốt xuống" points="1">
      <hint>Vuốt từ trên xuống</hint>
      <wrong widget="chat" action="scroll" direction="up" feedback="Ngược chiều."/>
      <expect widget="top" action="swipe" direction="down" goto="call"/>
    </step>
  </screen>
  <screen id="call">
    <incoming-call id="ring" caller="Số lạ"/>
    <step task="Từ chối" points="1">
      <hint>Nút đỏ</hint>
      <expect widget="ring.decline" action="tap" goto="done"/>
      <wrong widget="ring.accept" action="tap" goto="lost"/>
    </step>
  </screen>
  <screen id="lost" end="failure"><text>Mất tiền</text></screen>
  <screen id="done" end="success"><text>Xong</text></screen>
</scenario>"""


def mutate(old: str, new: str, text: str = MINI) -> str:
    assert old in text, old
    return text.replace(old, new, 1)

# A form over two screens: kept values, a read-only pre-filled field, every field check, a neutral Back,
# a summary that shows the values, and a choice.
FORM = """<scenario id="form" title="Tờ khai" skills="VN:2 DC:2.3" start="page1">
  <app id="dvc" name="Cổng Dịch vụ công quốc gia" public="true"/>
  <screen id="page1" app="dvc" title="Tờ khai 1/2">
    <form id="f1" submit="Tiếp tục">
      <field name="who" label="Họ và tên" value="Nguyễn Văn An (MÔ PHỎNG)" readonly="true"/>
      <field name="purpose" label="Mục đích" placeholder="Ví dụ: xin việc"/>
      <field name="copies" label="Số lượng phiếu" kind="number" value="1"/>
      <field name="code" label="Mã bưu chính" kind="number"/>
    </form>
    <step task="Điền tờ khai" points="2">
      <hint>h1</hint><hint>h2</hint><hint>h3</hint>
      <expect widget="f1" action="submit" goto="page2">
        <field name="purpose" check="required" show="Xin việc làm" feedback="Hãy ghi mục đích."/>
        <field name="copies" check="range" min="2" max="2"/>
        <field name="code" check="pattern" value="\\d{6}" show="100000"/>
      </expect>
    </step>
  </screen>
  <screen id="page2" app="dvc" title="Tờ khai 2/2">
    <app-bar id="back" title="Tờ khai 2/2"/>
    <form id="f2" submit="Xem lại">
      <field name="delivery" label="Cách nhận" kind="choice" options="Tại cơ quan | Qua bưu điện"/>
      <field name="address" label="Địa chỉ nhận" value="Thôn Demo 1"/>
    </form>
    <step task="Chọn cách nhận" points="1">
      <hint>h</hint>
      <expect widget="f2" action="submit" goto="review">
        <field name="delivery" check="exact" value="Qua bưu điện"/>
        <field name="address" check="required" show="Thôn Demo 1"/>
      </expect>
      <expect widget="f2" action="submit" goto="review">
        <field name="delivery" check="exact" value="Tại cơ quan"/>
      </expect>
      <go widget="back" action="tap" goto="page1"/>
    </step>
  </screen>
  <screen id="review" app="dvc" title="Xem lại">
    <text>Mục đích: {{purpose}}; số phiếu: {{ copies }}; nhận: {{delivery}} tại {{address}}; người: {{who}}</text>
    <button id="send" label="Gửi"/>
    <step task="Gửi" points="1">
      <hint>h</hint>
      <expect widget="send" action="tap" goto="done"/>
    </step>
  </screen>
  <screen id="done" end="success"><text>Đã gửi: {{purpose}}</text></screen>
</scenario>"""
