"""A dynamic-convolution network (CondConv / DY-Conv style): per-sample kernels mixed from K experts by a pooled softmax router and applied as one batched F.conv2d over x.reshape(1, b*c, h, w), inside inverted residual blocks."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Router(nn.Module):
    def __init__(self, in_planes, num_experts, temperature=4.0):
        super().__init__()
        hidden = max(in_planes // 4, 4)
        self.temperature = temperature
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(in_planes, hidden, 1, bias=False)
        self.fc2 = nn.Conv2d(hidden, num_experts, 1, bias=True)

    def forward(self, x):
        x = self.avgpool(x)
        x = F.relu(self.fc1(x))
        x = self.fc2(x).view(x.size(0), -1)
        return F.softmax(x / self.temperature, 1)


class DynamicConv2d(nn.Module):
    def __init__(self, in_planes, out_planes, kernel_size, stride=1, padding=0, num_experts=4, bias=True):
        super().__init__()
        self.in_planes = in_planes
        self.out_planes = out_planes
        self.kernel_size = kernel_size
        self.stride = stride
        self.padding = padding
        self.num_experts = num_experts
        self.router = Router(in_planes, num_experts)
        self.weight = nn.Parameter(torch.randn(num_experts, out_planes, in_planes, kernel_size, kernel_size) * 0.1)
        self.bias = nn.Parameter(torch.zeros(num_experts, out_planes)) if bias else None

    def forward(self, x):
        softmax_attention = self.router(x)
        batch_size, in_planes, height, width = x.size()
        x = x.reshape(1, -1, height, width)
        weight = self.weight.view(self.num_experts, -1)

        aggregate_weight = torch.mm(softmax_attention, weight).view(
            batch_size * self.out_planes, self.in_planes, self.kernel_size, self.kernel_size)
        if self.bias is not None:
            aggregate_bias = torch.mm(softmax_attention, self.bias).view(-1)
            output = F.conv2d(x, weight=aggregate_weight, bias=aggregate_bias, stride=self.stride,
                              padding=self.padding)
        else:
            output = F.conv2d(x, weight=aggregate_weight, bias=None, stride=self.stride,
                              padding=self.padding, groups=batch_size)

        output = output.view(batch_size, self.out_planes, output.size(-2), output.size(-1))
        return output


class DynamicBlock(nn.Module):
    def __init__(self, inp, oup, stride, expand_ratio=4):
        super().__init__()
        hidden = inp * expand_ratio
        self.use_res = stride == 1 and inp == oup
        self.expand = nn.Sequential(nn.Conv2d(inp, hidden, 1, bias=False), nn.BatchNorm2d(hidden), nn.ReLU6(inplace=True))
        self.dw = nn.Sequential(nn.Conv2d(hidden, hidden, 3, stride, 1, groups=hidden, bias=False),
                                nn.BatchNorm2d(hidden), nn.ReLU6(inplace=True))
        self.project = DynamicConv2d(hidden, oup, 1)
        self.bn = nn.BatchNorm2d(oup)

    def forward(self, x):
        out = self.bn(self.project(self.dw(self.expand(x))))
        return x + out if self.use_res else out


# shapelint: input=(2, 3, 32, 32)
class DyNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU6(inplace=True))
        self.blocks = nn.Sequential(
            DynamicBlock(16, 16, 1),
            DynamicBlock(16, 24, 2),
            DynamicBlock(24, 32, 2),
        )
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(32, num_classes)

    def forward(self, x):
        x = self.stem(x)
        x = self.blocks(x)
        x = self.pool(x).flatten(1)
        return self.fc(x)
