"""fast.ai-style plain PyTorch. (1) The official tutorial "What is torch.nn really?" (written by Jeremy Howard): Mnist_Logistic with hand-made nn.Parameter(torch.randn(784, 10) / math.sqrt(784)) weights and `xb @ self.weights + self.bias`; Mnist_CNN that reshapes the flat (bs, 784) batch with xb.view(-1, 1, 28, 28), runs three stride-2 convs, F.avg_pool2d(xb, 4) and flattens with xb.view(-1, xb.size(1)); and the nn.Sequential version with a Lambda module wrapping preprocess and a flattening lambda, ending in nn.AdaptiveAvgPool2d(1). (2) fast.ai course-v3 part 2 notebooks (05b/06_cuda_cnn_hooks/07_batchnorm): Lambda(mnist_resize) and Lambda(flatten) modules (05b's Lambda(mnist_resize) kept as the first layer rather than the later BatchTransformXCallback, so the model takes flat (bs, 784) batches), GeneralRelu(leak, sub, maxv) with in-place x.sub_ and x.clamp_max_, conv_layer blocks produced by get_cnn_layers from an nfs list ([1] + nfs, a 5x5 first kernel), and a DataBunch whose .c gives the number of classes. (3) fast.ai course-v3 lesson 7 "resnet-mnist" written without the library (fastai v1's conv_layer spelled out as conv_bn_relu: bias-free conv, ReLU, then BatchNorm2d): conv(ni, nf) stride-2 helpers in a flat nn.Sequential ending with a Flatten() module class (x.view(x.size(0), -1)), and the ResBlock version with conv_and_res stages whose ResBlock adds x + self.conv2(self.conv1(x))."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

bs = 64  # batch size


# shapelint: input=(64, 784)
class Mnist_Logistic(nn.Module):
    def __init__(self):
        super().__init__()
        self.weights = nn.Parameter(torch.randn(784, 10) / math.sqrt(784))
        self.bias = nn.Parameter(torch.zeros(10))

    def forward(self, xb):
        return xb @ self.weights + self.bias


# shapelint: input=(64, 784)
class Mnist_CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, kernel_size=3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(16, 16, kernel_size=3, stride=2, padding=1)
        self.conv3 = nn.Conv2d(16, 10, kernel_size=3, stride=2, padding=1)

    def forward(self, xb):
        xb = xb.view(-1, 1, 28, 28)
        xb = F.relu(self.conv1(xb))
        xb = F.relu(self.conv2(xb))
        xb = F.relu(self.conv3(xb))
        xb = F.avg_pool2d(xb, 4)
        return xb.view(-1, xb.size(1))


class Lambda(nn.Module):
    def __init__(self, func):
        super().__init__()
        self.func = func

    def forward(self, x):
        return self.func(x)


def preprocess(x):
    return x.view(-1, 1, 28, 28)


# shapelint: input=(64, 784)
def sequential_mnist_cnn():
    model = nn.Sequential(
        Lambda(preprocess),
        nn.Conv2d(1, 16, kernel_size=3, stride=2, padding=1),
        nn.ReLU(),
        nn.Conv2d(16, 16, kernel_size=3, stride=2, padding=1),
        nn.ReLU(),
        nn.Conv2d(16, 10, kernel_size=3, stride=2, padding=1),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(1),
        Lambda(lambda x: x.view(x.size(0), -1)),
    )
    return model


class DataBunch():
    def __init__(self, train_dl=None, valid_dl=None, c=None):
        self.train_dl,self.valid_dl,self.c = train_dl,valid_dl,c


data = DataBunch(c=10)


def flatten(x):      return x.view(x.shape[0], -1)


def mnist_resize(x): return x.view(-1, 1, 28, 28)


class GeneralRelu(nn.Module):
    def __init__(self, leak=None, sub=None, maxv=None):
        super().__init__()
        self.leak,self.sub,self.maxv = leak,sub,maxv

    def forward(self, x):
        x = F.leaky_relu(x,self.leak) if self.leak is not None else F.relu(x)
        if self.sub is not None: x.sub_(self.sub)
        if self.maxv is not None: x.clamp_max_(self.maxv)
        return x


def conv_layer(ni, nf, ks=3, stride=2, bn=True, **kwargs):
    layers = [nn.Conv2d(ni, nf, ks, padding=ks//2, stride=stride, bias=not bn),
              GeneralRelu(**kwargs)]
    if bn: layers.append(nn.BatchNorm2d(nf, eps=1e-5, momentum=0.1))
    return nn.Sequential(*layers)


def get_cnn_layers(data, nfs, layer, **kwargs):
    nfs = [1] + nfs
    return [Lambda(mnist_resize)] + [layer(nfs[i], nfs[i+1], 5 if i==0 else 3, **kwargs)
        for i in range(len(nfs)-1)] + [
        nn.AdaptiveAvgPool2d(1), Lambda(flatten), nn.Linear(nfs[-1], data.c)]


def get_cnn_model(data, nfs, layer, **kwargs):
    return nn.Sequential(*get_cnn_layers(data, nfs, layer, **kwargs))


nfs = [8,16,32,64,64]


# shapelint: input=(512, 784)
def course_cnn_model():
    model = get_cnn_model(data, nfs, conv_layer, leak=0.1, sub=0.4, maxv=6.)
    return model


def conv(ni,nf): return nn.Conv2d(ni, nf, kernel_size=3, stride=2, padding=1)


class Flatten(nn.Module):
    def forward(self, x):
        return x.view(x.size(0), -1)


# shapelint: input=(2, 1, 28, 28)
def lesson7_mnist_cnn():
    model = nn.Sequential(
        conv(1, 8), # 14
        nn.BatchNorm2d(8),
        nn.ReLU(),
        conv(8, 16), # 7
        nn.BatchNorm2d(16),
        nn.ReLU(),
        conv(16, 32), # 4
        nn.BatchNorm2d(32),
        nn.ReLU(),
        conv(32, 16), # 2
        nn.BatchNorm2d(16),
        nn.ReLU(),
        conv(16, 10), # 1
        nn.BatchNorm2d(10),
        Flatten()     # remove (1,1) grid
    )
    return model


def conv_bn_relu(ni, nf, stride=1):
    return nn.Sequential(
        nn.Conv2d(ni, nf, kernel_size=3, stride=stride, padding=1, bias=False),
        nn.ReLU(inplace=True),
        nn.BatchNorm2d(nf))


def conv2(ni,nf): return conv_bn_relu(ni,nf,stride=2)


class ResBlock(nn.Module):
    def __init__(self, nf):
        super().__init__()
        self.conv1 = conv_bn_relu(nf,nf)
        self.conv2 = conv_bn_relu(nf,nf)

    def forward(self, x): return x + self.conv2(self.conv1(x))


def conv_and_res(ni,nf): return nn.Sequential(conv2(ni, nf), ResBlock(nf))


# shapelint: input=(2, 1, 28, 28)
def lesson7_mnist_resnet():
    model = nn.Sequential(
        conv_and_res(1, 8),
        conv_and_res(8, 16),
        conv_and_res(16, 32),
        conv_and_res(32, 16),
        conv2(16, 10),
        Flatten()
    )
    return model
