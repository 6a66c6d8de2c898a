"""braindecode-style ShallowConvNet whose final 'dense' conv kernel length is computed from the
input length without subtracting the temporal conv (filter_time_length - 1): the kernel is one
step longer than the pooled feature map."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Expression(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return self.fn(x)


def square(x):
    return x * x


def safe_log(x, eps=1e-6):
    return torch.log(torch.clamp(x, min=eps))


# shapelint: input=(2, 22, 250)
class ShallowFBCSPNet(nn.Module):
    def __init__(self, in_chans=22, n_classes=4, input_window_samples=250, n_filters_time=20,
                 filter_time_length=25, n_filters_spat=20, pool_time_length=75, pool_time_stride=15):
        super().__init__()
        self.ensuredims = Expression(lambda x: x.unsqueeze(-1))
        self.dimshuffle = Expression(lambda x: x.permute(0, 3, 2, 1))
        self.conv_time = nn.Conv2d(1, n_filters_time, (filter_time_length, 1), stride=1)
        self.conv_spat = nn.Conv2d(n_filters_time, n_filters_spat, (1, in_chans), stride=1, bias=False)
        self.bnorm = nn.BatchNorm2d(n_filters_spat, momentum=0.1, affine=True)
        self.conv_nonlin = Expression(square)
        self.pool = nn.AvgPool2d(kernel_size=(pool_time_length, 1), stride=(pool_time_stride, 1))
        self.pool_nonlin = Expression(safe_log)
        self.drop = nn.Dropout(p=0.5)
        final_conv_length = (input_window_samples - pool_time_length) // pool_time_stride + 1
        self.conv_classifier = nn.Conv2d(n_filters_spat, n_classes, (final_conv_length, 1), bias=True)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, x):
        x = self.dimshuffle(self.ensuredims(x))
        x = self.bnorm(self.conv_spat(self.conv_time(x)))
        x = self.pool_nonlin(self.pool(self.conv_nonlin(x)))
        x = self.conv_classifier(self.drop(x))
        return self.softmax(x).squeeze(3).squeeze(2)
